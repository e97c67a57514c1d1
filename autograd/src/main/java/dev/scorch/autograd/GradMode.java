package dev.scorch.autograd;

/**
 * Whether ops record a graph on this thread. Recording is on by default; {@link #noGrad()} turns it off for a scope:
 *
 * <pre>
 *   try (var g = GradMode.noGrad()) {
 *       ... // ops here build no graph, as under torch.no_grad()
 *   }
 * </pre>
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {
    }

    /** True when ops record a graph on this thread. */
    public static boolean isEnabled() {
        return DISABLED.get()[0] == 0;
    }

    /** Turns recording off until the returned scope is closed (scopes nest). */
    public static Scope noGrad() {
        int[] d = DISABLED.get();
        d[0]++;
        return new Scope(d, -1);
    }

    /** Turns recording on until the returned scope is closed, even inside a {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        int[] d = DISABLED.get();
        int saved = d[0];
        d[0] = 0;
        return new Scope(d, saved);
    }

    /** A scope of {@link GradMode}; closing it restores the previous mode. */
    public static final class Scope implements AutoCloseable {
        private final int[] counter;
        private final int restore;
        private boolean closed;

        private Scope(int[] counter, int restore) {
            this.counter = counter;
            this.restore = restore;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (restore < 0) {
                counter[0]--;
            } else {
                counter[0] = restore;
            }
        }
    }
}
