package org.snnloc.backend.cpu;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small shared pool that runs the tasks {@code 0 .. n-1} of one parallel loop on up to
 * {@code parties} threads, the caller being one of them.
 *
 * <p>Results never depend on which thread runs which task: every task writes its own outputs and
 * reductions happen afterwards in a fixed order. So tasks are handed out first come, first
 * served, which balances load, and a helper that arrives late simply finds nothing left.
 *
 * <p>A training step is two parallel loops a fraction of a millisecond apart, so a waiting thread
 * first spins a few microseconds, then yields for a while (cheap when the machine is idle, and
 * on a busy one it hands the core to whoever holds the last task, or to the JIT), and only then
 * parks: waking a parked thread costs tens of microseconds. With one party the loop runs inline
 * and the pool is never touched.
 */
public final class WorkerPool {
    private static final long SPIN_NANOS = 5_000;       // busy-wait this long, then yield
    private static final long YIELD_NANOS = 500_000;    // yield this long, then park
    private static final WorkerPool SHARED = new WorkerPool();

    private final LinkedTransferQueue<Loop> tickets = new LinkedTransferQueue<>();
    private final AtomicInteger workers = new AtomicInteger();

    /** The body of a parallel loop: runs task {@code task} as party {@code party} (0 = the caller). */
    @FunctionalInterface
    public interface Body {
        void run(int task, int party);
    }

    public static WorkerPool shared() {
        return SHARED;
    }

    /** Runs {@code body} for every task in {@code [0, tasks)} on at most {@code parties} threads, and waits. */
    public void run(int parties, int tasks, Body body) {
        int helpers = Math.min(parties, tasks) - 1;
        if (helpers <= 0) {
            for (int task = 0; task < tasks; task++) body.run(task, 0);
            return;
        }
        ensureWorkers(helpers);
        Loop loop = new Loop(tasks, body, Thread.currentThread());
        for (int h = 0; h < helpers; h++) tickets.offer(loop);
        loop.work(0);
        loop.awaitCompletion();
    }

    private void ensureWorkers(int wanted) {
        for (int n = workers.get(); n < wanted; n = workers.get()) {
            if (workers.compareAndSet(n, n + 1)) {
                Thread thread = new Thread(this::serve, "snnloc-worker-" + (n + 1));
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private void serve() {
        while (true) {
            Loop loop = nextTicket();
            loop.work(loop.joinParty());
        }
    }

    private Loop nextTicket() {
        long start = System.nanoTime();
        Loop loop;
        while ((loop = tickets.poll()) == null) {
            long waited = System.nanoTime() - start;
            if (waited < SPIN_NANOS) Thread.onSpinWait();
            else if (waited < YIELD_NANOS) Thread.yield();
            else break;
        }
        while (loop == null) {
            try {
                loop = tickets.poll(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                // daemon helpers are never interrupted on purpose; keep serving
            }
        }
        return loop;
    }

    /** One parallel loop: tasks are claimed from a counter, completion is counted. */
    private static final class Loop {
        private final int tasks;
        private final Body body;
        private final Thread caller;
        private final AtomicInteger nextTask = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicInteger parties = new AtomicInteger(1);
        private volatile Throwable failure;

        Loop(int tasks, Body body, Thread caller) {
            this.tasks = tasks;
            this.body = body;
            this.caller = caller;
        }

        int joinParty() {
            return parties.getAndIncrement();
        }

        void work(int party) {
            int done = 0;
            for (int task; (task = nextTask.getAndIncrement()) < tasks; done++) {
                try {
                    if (failure == null) body.run(task, party);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                }
            }
            if (done > 0 && finished.addAndGet(done) == tasks && Thread.currentThread() != caller) LockSupport.unpark(caller);
        }

        /** Waits for the tasks other threads still run; the last finisher unparks a parked caller. */
        void awaitCompletion() {
            long start = System.nanoTime();
            while (finished.get() < tasks) {
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) Thread.onSpinWait();
                else if (waited < YIELD_NANOS) Thread.yield();
                else LockSupport.park(this);
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }
}
