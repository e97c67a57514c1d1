package dev.scorch.debias;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatentHyperplaneTest {

    /** n points of N(0, I) at least {@code margin} from the plane w·z + b = 0, labelled by their side. */
    private record Separable(double[][] z, boolean[] y) {
        static Separable of(double[] w, double b, int n, double margin, long seed) {
            Random r = new Random(seed);
            double[][] z = new double[n][];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; ) {
                double[] p = new double[w.length];
                double s = b;
                for (int j = 0; j < w.length; j++) {
                    p[j] = r.nextGaussian();
                    s += w[j] * p[j];
                }
                if (Math.abs(s) >= margin) {
                    z[i] = p;
                    y[i++] = s > 0;
                }
            }
            return new Separable(z, y);
        }
    }

    @Test
    void separatesSeparableDataAlongTheTrueNormal() {
        double[] w = {0.48, -0.6, 0.0, 0.64, 0.0};
        Separable d = Separable.of(w, 0.3, 400, 0.5, 1);
        LatentHyperplane h = LatentHyperplane.fit(d.z(), d.y());
        assertThat(h.accuracy(d.z(), d.y())).isEqualTo(1.0);
        assertThat(h.cosine(new LatentHyperplane(w, 0))).isGreaterThan(0.98);
        double norm = 0;
        for (double v : h.w()) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1, within(1e-12));
        // the offset is the signed distance of the origin: about b / ‖w‖ = 0.3
        assertThat(h.b()).isCloseTo(0.3, within(0.15));
        Separable fresh = Separable.of(w, 0.3, 400, 0.5, 2);
        assertThat(h.accuracy(fresh.z(), fresh.y())).isGreaterThan(0.99);
    }

    @Test
    void theNormalPointsToTheTrueSideWhicheverLabelComesFirst() {
        double[] w = {0.0, 1.0};
        Separable d = Separable.of(w, 0, 100, 0.3, 3);
        // LIBLINEAR orients its decision value by the first label it sees: try both orders
        int firstTrue = -1;
        int firstFalse = -1;
        for (int i = 0; i < d.y().length; i++) {
            if (d.y()[i] && firstTrue < 0) {
                firstTrue = i;
            }
            if (!d.y()[i] && firstFalse < 0) {
                firstFalse = i;
            }
        }
        for (int first : new int[] {firstTrue, firstFalse}) {
            double[][] z = d.z().clone();
            boolean[] y = d.y().clone();
            swap(z, y, 0, first);
            LatentHyperplane h = LatentHyperplane.fit(z, y);
            assertThat(h.w()[1]).as("first label %s", y[0]).isGreaterThan(0.9);
            assertThat(h.score(new double[] {0, 2})).isPositive();
        }
    }

    @Test
    void oneLabelOnlyIsAnError() {
        double[][] z = {{1, 2}, {3, 4}};
        assertThatThrownBy(() -> LatentHyperplane.fit(z, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LatentHyperplane.fit: all 2 latents have label true");
        assertThatThrownBy(() -> LatentHyperplane.fit(z, new boolean[] {true}))
                .hasMessageContaining("expected as many latents as labels");
    }

    private static void swap(double[][] z, boolean[] y, int i, int j) {
        double[] tz = z[i];
        z[i] = z[j];
        z[j] = tz;
        boolean ty = y[i];
        y[i] = y[j];
        y[j] = ty;
    }
}
