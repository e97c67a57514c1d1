package dev.scorch.debias;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatentPerturbationTest {

    private static double[] unit(Random r, int d) {
        double[] w = new double[d];
        double n = 0;
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian();
            n += w[j] * w[j];
        }
        for (int j = 0; j < d; j++) {
            w[j] /= Math.sqrt(n);
        }
        return w;
    }

    private static double[] gaussian(Random r, int d, double scale) {
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = scale * r.nextGaussian();
        }
        return z;
    }

    @Test
    void keepsTheTargetScoreAndNegatesTheProtectedScoreOnRandomHyperplanes() {
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int d = 2 + r.nextInt(63);
            LatentHyperplane t = new LatentHyperplane(unit(r, d), r.nextGaussian());
            LatentHyperplane g = new LatentHyperplane(unit(r, d), r.nextGaussian());
            LatentPerturbation p = new LatentPerturbation(t, g);
            double[] z = gaussian(r, d, 1 + 3 * r.nextDouble());
            double[] zp = p.apply(z);
            // the scores are O(10); their float64 rounding, amplified by 1 / (1 − cos²) ≤ a few here, stays near 1e-14
            double amplification = 1 / (1 - p.cosine() * p.cosine());
            assertThat(t.score(zp)).as("trial %d", trial).isCloseTo(t.score(z), within(1e-13 * amplification));
            assertThat(g.score(zp)).as("trial %d", trial).isCloseTo(-g.score(z), within(1e-13 * amplification));
        }
    }

    @Test
    void holdsForNearlyParallelHyperplanesToo() {
        Random r = new Random(2);
        int d = 16;
        double[] wt = unit(r, d);
        double[] other = unit(r, d);
        double[] wg = new double[d];
        double n = 0;
        for (int j = 0; j < d; j++) {
            wg[j] = wt[j] + 0.05 * other[j];
            n += wg[j] * wg[j];
        }
        for (int j = 0; j < d; j++) {
            wg[j] /= Math.sqrt(n);
        }
        LatentPerturbation p = new LatentPerturbation(new LatentHyperplane(wt, 0.2), new LatentHyperplane(wg, -0.7));
        assertThat(p.cosine()).isGreaterThan(0.99);
        double[] z = gaussian(r, d, 1);
        double[] zp = p.apply(z);
        assertThat(p.t().score(zp)).isCloseTo(p.t().score(z), within(1e-10));
        assertThat(p.g().score(zp)).isCloseTo(-p.g().score(z), within(1e-10));
    }

    @Test
    void orthogonalHyperplanesReflectAcrossTheProtectedOne() {
        // with w_g ⟂ w_t the formula is the mirror image z' = z − 2 (w_g·z + b_g) w_g
        LatentPerturbation p = new LatentPerturbation(new LatentHyperplane(new double[] {1, 0}, 0.5),
                new LatentHyperplane(new double[] {0, 1}, -1));
        assertThat(p.apply(new double[] {3, 4})).containsExactly(3, -2);
    }

    @Test
    void tensorsArePerturbedRowByRow() {
        Random r = new Random(3);
        LatentPerturbation p = new LatentPerturbation(new LatentHyperplane(unit(r, 4), 0.1),
                new LatentHyperplane(unit(r, 4), 0.3));
        double[] flat = new double[12];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = r.nextGaussian();
        }
        Tensor z = Tensor.of(flat, 3, 4).toType(DType.F32);
        Tensor zp = p.apply(z);
        assertThat(zp.dtype()).isEqualTo(DType.F32);
        double[] rows = z.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double[] expect = p.apply(Arrays.copyOfRange(rows, 4 * i, 4 * i + 4));
            for (int j = 0; j < 4; j++) {
                assertThat(zp.getDouble(i, j)).isCloseTo(expect[j], within(1e-6));
            }
        }
        assertThatThrownBy(() -> p.apply(Tensor.zeros(DType.F32, 3, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LatentPerturbation: expected latents [N, 4], got [3, 5]");
    }

    @Test
    void parallelHyperplanesAreRefused() {
        LatentHyperplane a = new LatentHyperplane(new double[] {0.6, 0.8}, 0);
        LatentHyperplane b = new LatentHyperplane(new double[] {-0.6, -0.8}, 1);
        assertThatThrownBy(() -> new LatentPerturbation(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallel");
    }

    @Test
    void normalsMustBeUnitVectors() {
        assertThatThrownBy(() -> new LatentHyperplane(new double[] {1, 1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a unit vector");
    }
}
