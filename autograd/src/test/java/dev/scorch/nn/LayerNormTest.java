package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static dev.scorch.nn.ReferenceData.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerNormTest {
    // benchmarks/compare/reference_nn.py, section "LayerNorm([2, 3])".
    private static final double[] LAYER_NORM = {-0.049069944186791906, 1.233734428629104, 0.21568678583363593, 0.11,
        -0.689932365158402, -0.0005111506956618312, -0.17971776390964336, -0.4018368902171092, -0.2138187022062053,
        0.11, -0.31431832205326987, -0.3284993297881701};
    private static final double[] LAYER_NORM_LAST = {-0.1270610463697489, 1.2833165683344627, -1.1562555219647142,
        1.1562555219647142, -1.2833165683344627, 0.12706104636974885, 1.1562555219647142, -1.283316568334463,
        0.1270610463697488, 1.1562555219647142, -1.2833165683344627, 0.12706104636974883};

    @Test
    void normalisesTheTrailingShapeLikeTorch() {
        LayerNorm ln = new LayerNorm(Shape.of(2, 3), 1e-5, true, DType.F64);
        assertThat(ln.stateDict().keySet()).containsExactly("weight", "bias");
        assertThat(ln.stateDict().get("weight").shape()).isEqualTo(Shape.of(2, 3));
        set(ln.namedParameters().get("weight"), 22, 1.0);
        set(ln.namedParameters().get("bias"), 23, 0.5);

        assertClose(ln.forward(constant(24, 2.0, 2, 2, 3)).data(), LAYER_NORM, F64_TOL);
    }

    @Test
    void withoutAffineOverTheLastAxisMatchesTorch() {
        LayerNorm ln = new LayerNorm(Shape.of(3), 1e-5, false, DType.F64);
        assertThat(ln.stateDict()).isEmpty();

        assertClose(ln.forward(constant(24, 2.0, 2, 2, 3)).data(), LAYER_NORM_LAST, F64_TOL);
    }

    @Test
    void inputMustEndInTheNormalisedShape() {
        LayerNorm ln = new LayerNorm(2, 3);
        assertThatThrownBy(() -> ln.forward(Variable.constant(Tensor.zeros(4, 3, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LayerNorm").hasMessageContaining("[4, 3, 2]").hasMessageContaining("[2, 3]");
    }
}
