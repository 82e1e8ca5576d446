package org.snnloc.experiment;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.train.Trainer;
import org.snnloc.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent trainings in parallel: {@link Schedule#jobs()} worker threads each take the next
 * run, train it with {@link Schedule#threadsPerRun()} engine threads on data from a shared
 * {@link DataPool}, and hand the outcome back. Outcomes are handed to {@link Completion} one at a
 * time on the calling thread, in the order they finish, so saving results needs no locking.
 *
 * <p>On the first failure (a run or the completion throws) no further run starts and the runs in
 * flight stop at their next epoch, keeping their last checkpoint; everything completed before is kept.
 * When a stop is requested (a signal), no further run starts and the runs in flight stop after
 * their current epoch with its checkpoint written; {@link #execute} then throws
 * {@link ExperimentInterruptedException}.
 *
 * <p>Once every run has started, a job that finishes leaves its cores idle; unless the threads
 * per run were fixed by the user, they go to the runs still training ({@link Engine#setThreads},
 * which never changes a result): the last run of an experiment no longer trains on one core while
 * the others wait.
 */
final class RunScheduler {

    /** Receives each finished run, on the thread that called {@link #execute}. */
    @FunctionalInterface
    interface Completion {
        void finished(PlannedRun run, RunOutcome outcome) throws Exception;
    }

    private final Backend backend;
    private final Schedule schedule;
    private final boolean shareIdleCores;
    private final RunCheckpoints checkpoints;
    private final java.util.function.BooleanSupplier stopRequested;
    private final Set<Engine> training = ConcurrentHashMap.newKeySet();   // engines of the runs in flight
    private final AtomicInteger notStarted = new AtomicInteger();

    /**
     * @param shareIdleCores whether cores left idle at the end go to the runs still training
     * @param checkpoints    where the runs keep their checkpoints and find those to continue from
     * @param stopRequested  whether to stop after the epochs in flight
     */
    RunScheduler(Backend backend, Schedule schedule, boolean shareIdleCores, RunCheckpoints checkpoints,
                 java.util.function.BooleanSupplier stopRequested) {
        this.backend = backend;
        this.schedule = schedule;
        this.shareIdleCores = shareIdleCores;
        this.checkpoints = checkpoints;
        this.stopRequested = stopRequested;
    }

    /**
     * Trains every run of {@code runs} and returns when all are handed to {@code completion}.
     *
     * @throws ExperimentFailedException with the first failure as its cause
     */
    void execute(List<PlannedRun> runs, Completion completion) {
        if (runs.isEmpty()) return;
        notStarted.set(runs.size());
        Cancellation cancellation = new Cancellation();
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(schedule.jobs(), runs.size()), task -> {
            Thread t = new Thread(task, "snnloc-run-" + workerNumber.incrementAndGet());
            t.setDaemon(true);  // a failed experiment must not keep the JVM alive
            return t;
        });
        try (DataPool data = new DataPool(backend, runs.stream().map(PlannedRun::spec).toList())) {
            CompletionService<Finished> finished = new ExecutorCompletionService<>(workers);
            for (PlannedRun run : runs) {
                finished.submit(() -> {
                    try {
                        return new Finished(run, train(run, data, cancellation));
                    } catch (CancellationException | Trainer.TrainingInterruptedException e) {
                        throw e;
                    } catch (RuntimeException | Error e) {
                        throw new ExperimentFailedException(run.name(), e);
                    }
                });
            }
            ExperimentFailedException failure = null;
            int interrupted = 0, notStartedOnStop = 0;
            for (int left = runs.size(); left > 0; left--) {
                Future<Finished> next = take(finished);
                Finished done;
                try {
                    done = next.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Trainer.TrainingInterruptedException) {
                        interrupted++;
                        continue;
                    }
                    if (e.getCause() instanceof CancellationException && failure == null && stopRequested.getAsBoolean()) {
                        notStartedOnStop++;
                        continue;
                    }
                    if (failure == null && e.getCause() instanceof ExperimentFailedException runFailure) failure = runFailure;
                    cancellation.cancel();
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ExperimentFailedException("experiment", e);
                }
                if (failure == null) {
                    try {
                        completion.finished(done.run(), done.outcome());
                    } catch (Exception e) {
                        failure = new ExperimentFailedException(done.run().name(), e);
                    }
                }
                if (failure != null) cancellation.cancel();
            }
            if (failure != null) throw failure;
            if (interrupted + notStartedOnStop > 0) throw new ExperimentInterruptedException(interrupted);   // a stop after the last epoch stops nothing
        } finally {
            workers.shutdownNow();
            awaitQuietly(workers);
        }
    }

    private RunOutcome train(PlannedRun run, DataPool pool, Cancellation cancellation) {
        cancellation.check();
        if (stopRequested.getAsBoolean()) throw new CancellationException("the experiment stopped on request");
        DataPool.RunData keys = DataPool.RunData.of(run.spec());
        List<DataPool.Key> acquired = new ArrayList<>(3);
        Engine[] engine = new Engine[1];
        try {
            PreparedData train = pool.acquire(keys.train());
            acquired.add(keys.train());
            PreparedData validation = pool.acquire(keys.validation());
            acquired.add(keys.validation());
            PreparedData test = pool.acquire(keys.test());
            acquired.add(keys.test());
            cancellation.check();
            notStarted.decrementAndGet();
            RunCheckpoints.Saver saver = checkpoints.saver(run);
            try {
                return TrainingRun.execute(backend, run.spec(), null, new TrainingRun.Checkpoints(checkpoints.resumeFrom(run), saver, stopRequested),
                        new TrainingRun.SharedData(train, validation), test, schedule.threadsPerRun(), cancellation, started -> {
                            engine[0] = started;
                            training.add(started);
                            shareCores();
                        });
            } catch (Trainer.TrainingInterruptedException e) {
                saver.flush();
                throw e;
            }
        } finally {
            for (DataPool.Key key : acquired) pool.release(key);
            if (engine[0] != null) {
                training.remove(engine[0]);
                shareCores();
            }
        }
    }

    /** With no run left to start, the cores of the schedule are split among the runs still training. */
    private void shareCores() {
        if (!shareIdleCores || notStarted.get() > 0) return;
        int cores = schedule.jobs() * schedule.threadsPerRun();
        int active = training.size();
        if (active == 0) return;
        int share = Math.max(schedule.threadsPerRun(), cores / active);
        for (Engine engine : training) engine.setThreads(share);
    }

    private static Future<Finished> take(CompletionService<Finished> finished) {
        try {
            return finished.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailedException("experiment", e);
        }
    }

    private static void awaitQuietly(ExecutorService workers) {
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Finished(PlannedRun run, RunOutcome outcome) {}

    /** Set on the first failure; runs check it before they start and after every epoch. */
    private static final class Cancellation implements TrainingListener {
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
        }

        void check() {
            if (cancelled) throw new CancellationException("the experiment stopped after a failure");
        }

        @Override
        public void epochFinished(org.snnloc.train.EpochRecord record, int maxEpochs, boolean improved) {
            check();
        }
    }
}
