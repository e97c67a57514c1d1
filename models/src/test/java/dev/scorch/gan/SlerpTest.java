package dev.scorch.gan;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SlerpTest {
    private static final double TOL = 1e-12;

    private static double norm(Tensor t) {
        return t.norm().item();
    }

    private static double angle(Tensor a, Tensor b) {
        double dot = a.mul(b).sum().item();
        return Math.acos(Math.max(-1, Math.min(1, dot / (norm(a) * norm(b)))));
    }

    @Test
    void quarterCircleByHand() {
        Tensor e0 = Tensor.of(new double[] {1, 0}, 2);
        Tensor e1 = Tensor.of(new double[] {0, 1}, 2);
        // Ω = π/2: slerp = cos(tπ/2)·e0 + sin(tπ/2)·e1.
        assertThat(Slerp.between(e0, e1, 0.5).toDoubleArray())
                .containsExactly(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)}, within(TOL));
        assertThat(Slerp.between(e0, e1, 1.0 / 3).toDoubleArray())
                .containsExactly(new double[] {Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)}, within(TOL));
    }

    @Test
    void matchesWhitesCode() {
        // benchmarks/compare/reference_gan.py, section "slerp": Tom White's slerp (dribnet/plat) at t = 0.3.
        double[] at03 = {-0.4430911721433032, 0.6497921370595399, -1.2406006139940267, -0.14771730479118347,
            0.9451660044116595, -0.9452267466419068, 0.1476565625609363, 0.6984049046832943};
        Tensor z0 = GanFixtures.tensor(3, 1.5, 8);
        Tensor z1 = GanFixtures.tensor(4, 0.7, 8);
        assertThat(Slerp.between(z0, z1, 0.3).toDoubleArray()).containsExactly(at03, within(TOL));
    }

    @Test
    void pathRunsBetweenTheEndsAtConstantNormAndUniformAngle() {
        Tensor z0 = Tensor.randn(new Rng(1), DType.F64, 64);
        Tensor z1 = Tensor.randn(new Rng(2), DType.F64, 64);
        z1 = z1.mul(norm(z0) / norm(z1));
        Tensor path = Slerp.path(z0, z1, 7);
        assertThat(path.shape().dims()).containsExactly(7, 64);
        assertThat(path.select(0, 0).toDoubleArray()).containsExactly(z0.toDoubleArray(), within(TOL));
        assertThat(path.select(0, 6).toDoubleArray()).containsExactly(z1.toDoubleArray(), within(TOL));
        double omega = angle(z0, z1);
        for (int i = 0; i < 7; i++) {
            Tensor p = path.select(0, i);
            assertThat(norm(p)).isCloseTo(norm(z0), within(1e-10));
            assertThat(angle(z0, p)).isCloseTo(omega * i / 6, within(1e-7));
            assertThat(angle(p, z1)).isCloseTo(omega * (6 - i) / 6, within(1e-7));
        }
    }

    @Test
    void isSymmetricAndKeepsTheDtype() {
        Tensor z0 = Tensor.randn(new Rng(3), DType.F64, 10);
        Tensor z1 = Tensor.randn(new Rng(4), DType.F64, 10).mul(2.0);
        assertThat(Slerp.between(z0, z1, 0.2).toDoubleArray())
                .containsExactly(Slerp.between(z1, z0, 0.8).toDoubleArray(), within(TOL));
        assertThat(Slerp.between(z0.toType(DType.F32), z1.toType(DType.F32), 0.5).dtype()).isEqualTo(DType.F32);
    }

    @Test
    void fallsBackToTheStraightLineForParallelOrZeroLatents() {
        Tensor z = Tensor.of(new double[] {1, 2, -2}, 3);
        assertThat(Slerp.between(z, z.mul(3.0), 0.25).toDoubleArray())
                .containsExactly(new double[] {1.5, 3, -3}, within(TOL));
        assertThat(Slerp.between(z, z.mul(-1.0), 0.5).toDoubleArray()).containsOnly(0.0);
        assertThat(Slerp.between(Tensor.zeros(DType.F64, 3), z, 0.5).toDoubleArray())
                .containsExactly(new double[] {0.5, 1, -1}, within(TOL));
    }

    @Test
    void rejectsBadArguments() {
        Tensor z = Tensor.zeros(DType.F64, 3);
        assertThatThrownBy(() -> Slerp.path(z, z, 1))
                .hasMessage("Slerp.path: need at least 2 steps (the two ends), got 1");
        assertThatThrownBy(() -> Slerp.between(z, Tensor.zeros(DType.F64, 4), 0.5))
                .hasMessage("slerp: expected two latents [d] of one floating dtype, got [3] (F64) and [4] (F64)");
    }
}
