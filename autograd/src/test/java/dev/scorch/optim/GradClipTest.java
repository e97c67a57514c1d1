package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.ReferenceData;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values from benchmarks/compare/reference_optim.py, section "clip_grad_norm_". */
class GradClipTest {
    private static final double TOTAL_NORM = 2.8679609481302215;

    private static List<Variable> paramsWithGrads() {
        Variable a = Variable.parameter(Tensor.zeros(DType.F64, 2, 3));
        Variable b = Variable.parameter(Tensor.zeros(DType.F64, 4));
        Variable c = Variable.parameter(Tensor.zeros(DType.F64, 1));
        a.setGrad(ReferenceData.constant(32, 1.0, 2, 3));
        b.setGrad(ReferenceData.constant(33, 2.0, 4));
        c.setGrad(ReferenceData.constant(34, 3.0, 1));
        return List.of(a, b, c);
    }

    private static double[] grads(List<Variable> ps) {
        return Tensor.cat(0, ps.stream().map(p -> p.grad().data().reshape(-1)).toList()).toDoubleArray();
    }

    @Test
    void scalesAllGradientsByOneGlobalFactorAsTorch() {
        List<Variable> ps = paramsWithGrads();

        double total = GradClip.clipGradNorm(ps, 1.0);

        assertClose(new double[] {total}, new double[] {TOTAL_NORM}, F64_TOL);
        assertClose(grads(ps), new double[] {-0.006973593221151025, 0.25104935596143685, -0.1952606101922287,
            0.06276233899035921, 0.32078528817294716, -0.12552467798071842, 0.13947186442302048, 0.6555177627881963,
            -0.23710216951913485, 0.27894372884604096, 0.43933637293251454}, F64_TOL);
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        List<Variable> ps = paramsWithGrads();

        double total = GradClip.clipGradNorm(ps, 100.0);

        assertClose(new double[] {total}, new double[] {TOTAL_NORM}, F64_TOL);
        assertThat(grads(ps)).containsExactly(-0.02, 0.72, -0.56, 0.18, 0.92, -0.36, 0.4, 1.88, -0.68, 0.8, 1.26);
    }

    @Test
    void parametersWithoutGradientsAreIgnored() {
        Variable none = Variable.parameter(Tensor.ones(DType.F64, 3));
        Variable some = Variable.parameter(Tensor.ones(DType.F64, 2));
        some.setGrad(Variable.constant(Tensor.of(new double[] {3, 4}, 2)));

        assertThat(GradClip.clipGradNorm(List.of(none, some), 1.0)).isEqualTo(5.0);
        assertThat(none.grad()).isNull();
        assertClose(some.grad().data(), new double[] {0.6, 0.8}, 1e-6);
        assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(some), 0))
                .hasMessageContaining("clipGradNorm: maxNorm must be positive, got 0.0");
    }
}
