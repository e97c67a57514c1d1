package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.tensor.Tensor;

import java.util.List;

/** Tiny datasets and configs for the NCSN tests: seconds, not minutes. */
final class NcsnFixtures {
    private NcsnFixtures() {
    }

    /**
     * {@code n} 28x28 images of a bright square whose corner moves with the index (four positions), labels the
     * position: a dataset a width-4 network learns something about in a few dozen steps.
     */
    static ImageDataset squares(int n) {
        float[] px = new float[n * 784];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int pos = i % 4;
            labels[i] = pos;
            int top = 4 + 8 * (pos / 2);
            int left = 4 + 8 * (pos % 2);
            for (int r = top; r < top + 12; r++) {
                for (int c = left; c < left + 12; c++) {
                    px[i * 784 + r * 28 + c] = 1f;
                }
            }
        }
        return new ImageDataset("squares", Tensor.of(px, n, 1, 28, 28), Tensor.of(labels, n),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /** Width 4, batch 8, three noise levels, Langevin with two steps per level. */
    static NcsnConfig tiny(long steps) {
        return new NcsnConfig("mnist", "", 4, 1.0, 0.05, 3, 8, 3e-3, steps, 0.9, 7, 1000, 4, 2, 5e-4, true);
    }
}
