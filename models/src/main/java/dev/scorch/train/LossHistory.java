package dev.scorch.train;

import dev.scorch.tensor.Tensor;

import java.util.Arrays;

/** The loss of every training step, kept with the checkpoint so that a resumed run plots its whole curve. */
public final class LossHistory {
    private float[] values = new float[1024];
    private int size;

    public void add(double loss) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = (float) loss;
    }

    /** Forgets every loss. */
    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public double get(int i) {
        // NOTE: the array is longer than the history (and keeps old values after clear), so check against size
        java.util.Objects.checkIndex(i, size);
        return values[i];
    }

    /** Mean of the last {@code n} losses (fewer at the start). */
    public double recentMean(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("LossHistory.recentMean: n must be positive, got " + n);
        }
        int from = Math.max(0, size - n);
        double s = 0;
        for (int i = from; i < size; i++) {
            s += values[i];
        }
        return size == from ? Double.NaN : s / (size - from);
    }

    public Tensor toTensor() {
        return Tensor.of(Arrays.copyOf(values, size), size);
    }

    public static LossHistory of(Tensor t) {
        LossHistory h = new LossHistory();
        for (float v : t.toFloatArray()) {
            h.add(v);
        }
        return h;
    }

    /** Moving average over {@code window} steps, for plots. */
    public double[] smoothed(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("LossHistory.smoothed: window must be positive, got " + window);
        }
        double[] out = new double[size];
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
            if (i >= window) {
                s -= values[i - window];
            }
            out[i] = s / Math.min(i + 1, window);
        }
        return out;
    }
}
