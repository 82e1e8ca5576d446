package org.snnloc.backend;

import org.snnloc.backend.cuda.CudaProvider;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.backend.simd.SimdProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the backend once, at start-up. {@code auto} takes the first usable backend in order of
 * preference (fastest first) and reports why each faster one was passed over; a forced name fails
 * with the reason that backend is unusable.
 */
public final class BackendSelector {
    public static final String AUTO = "auto";

    private final List<BackendProvider> providers;  // in order of preference

    public BackendSelector(List<BackendProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** All backends this build knows, fastest first. */
    public static BackendSelector standard() {
        return new BackendSelector(List.of(new CudaProvider(), new SimdProvider(), scalarProvider()));
    }

    public List<BackendProvider> providers() {
        return providers;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
        for (BackendProvider p : providers) names.add(p.name());
        return names;
    }

    /**
     * Selects {@code requested} ({@code auto} or a backend name).
     *
     * @throws UnavailableBackendException when the name is unknown or the forced backend is unusable
     */
    public Selection select(String requested) {
        String name = requested == null ? AUTO : requested.toLowerCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        if (name.equals(AUTO)) {
            for (BackendProvider provider : providers) {
                BackendProvider.Availability availability = provider.probe();
                if (availability.usable()) return new Selection(provider.create(), notes);
                notes.add(provider.name() + " not used: " + availability.detail());
            }
            throw new UnavailableBackendException("no backend is usable: " + String.join("; ", notes));
        }
        for (BackendProvider provider : providers) {
            if (provider.name().equals(name)) {
                BackendProvider.Availability availability = provider.probe();
                if (!availability.usable()) {
                    throw new UnavailableBackendException("backend '" + name + "' is not usable: " + availability.detail());
                }
                return new Selection(provider.create(), notes);
            }
        }
        throw new UnavailableBackendException("unknown backend '" + requested + "'; choose one of " + String.join(", ", names()));
    }

    private static BackendProvider scalarProvider() {
        return new BackendProvider() {
            @Override
            public String name() {
                return ScalarBackend.NAME;
            }

            @Override
            public Availability probe() {
                return Availability.usable("always available");
            }

            @Override
            public Backend create() {
                return new ScalarBackend();
            }
        };
    }

    /** The chosen backend and one note for each faster backend that was passed over. */
    public record Selection(Backend backend, List<String> notes) {}

    /** A backend that was asked for cannot be used; the message says why. */
    public static final class UnavailableBackendException extends RuntimeException {
        public UnavailableBackendException(String message) {
            super(message);
        }
    }
}
