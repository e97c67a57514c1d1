package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static dev.scorch.nn.ReferenceData.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupNormTest {

    @Test
    void matchesTorchGroupNorm() {
        // benchmarks/compare/reference_nn.py, section "GroupNorm(2, 4)".
        double[] groupNorm = {0.5769130114081836, -0.027344973577339886, 0.3219916739924159, 0.6713283215621717,
            0.2633202265119707, -0.9843106576657283, 1.1737535744254268, -0.07387730975227225, -0.21923466519762633,
            0.3603570881045593, 0.02528060572673323, -0.30979587665109287, -0.18500777227894055, 0.43359496441858447,
            1.0521977011161094, -0.017817843441771623, 0.4645604086743668, -0.1596153256510639, 0.20123627075582573,
            0.5620878671627154, 0.7245995255811262, -0.564156175872051, -1.8529118773252282, 0.3762871738370242,
            -0.21923466519762633, 0.3603570881045593, 0.025280605726733237, -0.3097958766510928, -0.1850077722789406,
            0.4335949644185844, 1.0521977011161094, -0.017817843441771637};
        GroupNorm gn = new GroupNorm(2, 4, 1e-5, true, DType.F64);
        assertThat(gn.stateDict().get("weight").toDoubleArray()).containsOnly(1.0);
        assertThat(gn.stateDict().get("bias").toDoubleArray()).containsOnly(0.0);
        set(gn.namedParameters().get("weight"), 15, 1.0);
        set(gn.namedParameters().get("bias"), 16, 0.5);

        Variable y = gn.forward(constant(17, 2.0, 2, 4, 2, 2));

        assertClose(y.data(), groupNorm, F64_TOL);
    }

    @Test
    void groupsMustDivideTheChannels() {
        assertThatThrownBy(() -> new GroupNorm(3, 4)).hasMessageContaining("GroupNorm").hasMessageContaining("3 groups");
        assertThatThrownBy(() -> new GroupNorm(2, 4).forward(Variable.constant(
                Tensor.zeros(DType.F32, 1, 3, 2))))
                .hasMessageContaining("groupNorm").hasMessageContaining("[1, 3, 2]");
    }
}
