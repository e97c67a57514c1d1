package dev.scorch.autograd;

import dev.scorch.tensor.Tensor;

/**
 * Anomaly detection, as {@code torch.autograd.detect_anomaly}: while enabled, the first op whose forward output or
 * backward gradient holds a NaN or an infinity throws, naming the op. Costs one reduction per op; off by default.
 */
public final class Anomaly {
    private static volatile boolean enabled;
    private static final ThreadLocal<int[]> BACKWARD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Anomaly() {
    }

    public static boolean isEnabled() {
        return enabled;
    }

    /** Switches detection on or off for all threads. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Enables detection until the returned scope is closed. */
    public static AutoCloseable enable() {
        boolean before = enabled;
        enabled = true;
        return () -> enabled = before;
    }

    /**
     * True while this thread runs a backward pass. The ops a backward formula is written with are then not checked one
     * by one (they are not the program's ops, and a masked branch may be infinite); the gradient each function returns
     * is, so that the report names the function whose derivative failed.
     */
    static boolean inBackward() {
        return BACKWARD_DEPTH.get()[0] > 0;
    }

    static void enterBackward() {
        BACKWARD_DEPTH.get()[0]++;
    }

    static void exitBackward() {
        BACKWARD_DEPTH.get()[0]--;
    }

    /** Throws when {@code t} has a NaN or infinite element. */
    static void check(Tensor t, String what) {
        if (!t.dtype().isFloating() || t.numel() == 0) {
            return;
        }
        // NOTE: x − x is NaN exactly where x is NaN or ±inf, so one sum finds both.
        double s = t.sub(t).sum().item();
        if (Double.isNaN(s)) {
            throw new ArithmeticException("anomaly: " + what + " produced NaN or Inf (shape " + t.shape() + ")");
        }
    }
}
