package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The SDE score model is the tutorial's U-Net divided by std(t); the U-Net itself is tested on its own. */
class SdeScoreNetTest {

    @Test
    void scoreIsTheUNetOutputOverTheMarginalStd() {
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            SdeScoreNet model = SdeScoreNet.create(4, sde, new Rng(1));
            Tensor x = Tensor.randn(new Rng(2), DType.F32, 3, 1, 28, 28);
            Tensor t = Tensor.of(new float[] {1e-3f, 0.4f, 1f}, 3);
            try (GradMode.Scope g = GradMode.noGrad()) {
                Tensor raw = model.network().forward(Variable.constant(x), Variable.constant(t)).data();
                Tensor s = model.score(Variable.constant(x), t).data();
                assertThat(s.shape()).isEqualTo(x.shape());
                for (int i = 0; i < 3; i++) {
                    double std = sde.marginalStd(t.toDoubleArray()[i]);
                    double[] expected = raw.narrow(0, i, 1).toDoubleArray();
                    double[] actual = s.narrow(0, i, 1).toDoubleArray();
                    for (int j = 0; j < expected.length; j++) {
                        assertThat(actual[j]).isCloseTo(expected[j] / std, within(1e-6 * Math.abs(expected[j] / std)));
                    }
                }
            }
        }
    }

    /** The ODE solvers' F64 state goes in and comes out as F64, with the F32 network's values. */
    @Test
    void f64InputsComeBackAsF64WithTheF32Values() {
        SdeScoreNet model = SdeScoreNet.create(4, VeSde.tutorial(), new Rng(1));
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 2, 1, 28, 28);
        Tensor t = Tensor.of(new double[] {0.2, 0.9}, 2);
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor s32 = model.score(Variable.constant(x), t.toType(DType.F32)).data();
            Tensor s64 = model.score(Variable.constant(x.toType(DType.F64)), t).data();
            assertThat(s64.dtype()).isEqualTo(DType.F64);
            assertThat(s64.toDoubleArray()).containsExactly(s32.toDoubleArray());
        }
    }

    /** The tutorial's ScoreNet: 1,115,297 trained parameters plus the 128 fixed Fourier frequencies = 1,115,425. */
    @Test
    void tutorialNetworkHasTheTutorialsSizeAndKeys() {
        SdeScoreNet model = SdeScoreNet.tutorial(VeSde.tutorial(), new Rng(0));
        assertThat(model.network().layout()).isEqualTo(ScoreUNet.Layout.TUTORIAL);
        assertThat(model.network().parameterCount()).isEqualTo(1_115_297);
        assertThat(model.network().stateDict().get("embed.0.W").numel()).isEqualTo(128);
        assertThat(model.network().stateDict()).containsKeys("embed.0.W", "embed.1.weight", "conv1.weight",
                "dense1.dense.weight", "gnorm1.weight", "tgnorm2.bias", "tconv1.bias");
    }
}
