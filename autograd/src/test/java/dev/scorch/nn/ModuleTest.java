package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleTest {

    private static Sequential convBnReluLinear() {
        Rng rng = new Rng(1);
        return new Sequential(
                new Conv2d(2, 3, 3, ConvSpec.DEFAULT, true, rng, DType.F32),
                new BatchNorm2d(3),
                new Activations.ReLU(),
                new Linear(4, 5, true, rng, DType.F32));
    }

    private static List<String> shapes(Map<String, Tensor> state) {
        List<String> out = new ArrayList<>();
        state.values().forEach(t -> out.add(t.shape().toString()));
        return out;
    }

    private static Map<String, Tensor> deepCopy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    @Test
    void stateDictKeysOrderAndShapesArePyTorchs() {
        Sequential net = convBnReluLinear();
        // benchmarks/compare/reference_nn.py, section "state_dict keys": list(nn.Sequential(nn.Conv2d(2, 3, 3),
        // nn.BatchNorm2d(3), nn.ReLU(), nn.Linear(4, 5)).state_dict().keys()) and the shapes of its values.
        assertThat(net.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias");
        assertThat(shapes(net.stateDict())).containsExactly("[3, 2, 3, 3]", "[3]", "[3]", "[3]", "[3]", "[3]", "[]",
                "[5, 4]", "[5]");
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "3.weight", "3.bias");
        assertThat(net.namedBuffers().keySet()).containsExactly("1.running_mean", "1.running_var",
                "1.num_batches_tracked");
        assertThat(net.stateDict().get("1.num_batches_tracked").dtype()).isEqualTo(DType.I64);
        assertThat(net.parameters()).hasSize(6);
    }

    /** A block with its own children, to check dotted prefixes several levels deep. */
    private static final class Block extends Module {
        Block() {
            registerModule("conv", new Conv2d(2, 2, 1, ConvSpec.DEFAULT, false, new Rng(2), DType.F32));
            registerParameter("scale", Tensor.ones(DType.F32, 2));
            registerModule("norm", new GroupNorm(1, 2));
            registerBuffer("step", Tensor.zeros(DType.I64));
        }
    }

    @Test
    void nestedModulesGetDottedNamesWithOwnEntriesFirst() {
        Module outer = new Module() {
            {
                registerParameter("gain", Tensor.ones(DType.F32, 1));
                registerModule("body", new Block());
            }
        };
        // As torch: own parameters and buffers first, then each child with its prefix, depth first.
        assertThat(outer.stateDict().keySet()).containsExactly("gain", "body.scale", "body.step", "body.conv.weight",
                "body.norm.weight", "body.norm.bias");
        assertThat(outer.namedParameters().keySet()).containsExactly("gain", "body.scale", "body.conv.weight",
                "body.norm.weight", "body.norm.bias");
        assertThat(outer.children().keySet()).containsExactly("body");
    }

    @Test
    void weightLayoutsArePyTorchs() {
        Rng rng = new Rng(3);
        assertThat(new Linear(7, 3, true, rng, DType.F32).weight().shape()).isEqualTo(Shape.of(3, 7));
        Conv2d conv = new Conv2d(4, 6, 3, ConvSpec.of(1, 1, 1, 2), true, rng, DType.F32);
        assertThat(conv.weight().shape()).isEqualTo(Shape.of(6, 2, 3, 3));
        assertThat(conv.bias().shape()).isEqualTo(Shape.of(6));
        ConvTranspose2d convT = new ConvTranspose2d(4, 6, 5, ConvSpec.of(2, 1, 1, 2), 1, true, rng, DType.F32);
        assertThat(convT.weight().shape()).isEqualTo(Shape.of(4, 3, 5, 5));
        assertThat(convT.bias().shape()).isEqualTo(Shape.of(6));
        assertThat(new Embedding(10, 4, rng, DType.F32).weight().shape()).isEqualTo(Shape.of(10, 4));
        assertThat(new Linear(2, 3, false, rng, DType.F32).stateDict().keySet()).containsExactly("weight");
    }

    @Test
    void sharedModuleParametersAreListedOnceButSavedUnderEveryName() {
        Linear tied = new Linear(2, 2, true, new Rng(4), DType.F64);
        Sequential net = new Sequential(tied, tied);
        // reference_nn.py: nn.Sequential(l, l) has 2 parameters and state_dict keys 0.weight, 0.bias, 1.weight,
        // 1.bias; listing a parameter twice would make an optimizer update it twice per step.
        assertThat(net.parameters()).hasSize(2);
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
        assertThat(net.parameterCount()).isEqualTo(6);
        assertThat(net.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
    }

    @Test
    void loadStateDictRoundTripsIncludingBuffersAndConvertsDtype() {
        Sequential a = convBnReluLinear();
        a.forward(Variable.constant(Tensor.rand(new Rng(5), DType.F32, 2, 2, 6, 6))).sum();
        Map<String, Tensor> saved = deepCopy(a.stateDict());
        Map<String, Tensor> asF64 = new LinkedHashMap<>();
        saved.forEach((k, v) -> asF64.put(k, v.dtype() == DType.F32 ? v.toType(DType.F64) : v));

        Sequential b = new Sequential(
                new Conv2d(2, 3, 3, ConvSpec.DEFAULT, true, new Rng(9), DType.F32),
                new BatchNorm2d(3),
                new Activations.ReLU(),
                new Linear(4, 5, true, new Rng(9), DType.F32));
        Module.LoadResult r = b.loadStateDict(asF64, true);

        assertThat(r.ok()).isTrue();
        for (String k : saved.keySet()) {
            Tensor got = b.stateDict().get(k);
            assertThat(got.dtype()).as(k).isEqualTo(saved.get(k).dtype());
            assertThat(got.toDoubleArray()).as(k).containsExactly(saved.get(k).toDoubleArray());
        }
        assertThat(b.stateDict().get("1.num_batches_tracked").itemLong()).isEqualTo(1);
    }

    @Test
    void strictLoadListsEveryProblemAndChangesNothing() {
        Sequential net = convBnReluLinear();
        Map<String, Tensor> before = deepCopy(net.stateDict());
        Map<String, Tensor> state = deepCopy(net.stateDict());
        state.remove("1.running_var");
        state.remove("3.bias");
        state.put("4.weight", Tensor.zeros(DType.F32, 2));
        state.put("0.weight", Tensor.zeros(DType.F32, 3, 2, 5, 5));
        state.put("1.weight", Tensor.full(7.0, DType.F32, 3));

        assertThatThrownBy(() -> net.loadStateDict(state, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loadStateDict")
                .hasMessageContaining("missing keys [1.running_var, 3.bias]")
                .hasMessageContaining("unexpected keys [4.weight]")
                .hasMessageContaining("0.weight (expected [3, 2, 3, 3], got [3, 2, 5, 5])");
        for (String k : before.keySet()) {
            assertThat(net.stateDict().get(k).toDoubleArray()).as(k).containsExactly(before.get(k).toDoubleArray());
        }
    }

    @Test
    void nonStrictLoadLoadsWhatMatchesAndReportsTheRest() {
        Sequential net = convBnReluLinear();
        Tensor oldConv = net.stateDict().get("0.weight").copy();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("1.weight", Tensor.full(7.0, DType.F64, 3));
        state.put("1.running_mean", Tensor.full(-2.0, DType.F32, 3));
        state.put("0.weight", Tensor.zeros(DType.F32, 1, 1));
        state.put("extra", Tensor.zeros(DType.F32, 1));

        Module.LoadResult r = net.loadStateDict(state, false);

        assertThat(r.ok()).isFalse();
        assertThat(r.unexpected()).containsExactly("extra");
        assertThat(r.misshaped()).containsExactly("0.weight (expected [3, 2, 3, 3], got [1, 1])");
        assertThat(r.missing()).containsExactly("0.bias", "1.bias", "1.running_var", "1.num_batches_tracked",
                "3.weight", "3.bias");
        assertThat(net.stateDict().get("1.weight").toDoubleArray()).containsExactly(7, 7, 7);
        assertThat(net.stateDict().get("1.running_mean").toDoubleArray()).containsExactly(-2, -2, -2);
        assertThat(net.stateDict().get("0.weight").toDoubleArray()).containsExactly(oldConv.toDoubleArray());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Module outer = new Module() {
            {
                registerModule("body", new Block());
                registerModule("seq", convBnReluLinear());
            }
        };
        List<Module> all = new ArrayList<>();
        collect(outer, all);
        assertThat(all).hasSize(9).allMatch(Module::isTraining);

        assertThat(outer.eval()).isSameAs(outer);
        assertThat(all).noneMatch(Module::isTraining);
        outer.train();
        assertThat(all).allMatch(Module::isTraining);
    }

    private static void collect(Module m, List<Module> out) {
        out.add(m);
        m.children().values().forEach(c -> collect(c, out));
    }

    @Test
    void zeroGradClearsEveryGradientAndParameterCountSumsSizes() {
        Linear l1 = new Linear(3, 4, true, new Rng(6), DType.F64);
        Linear l2 = new Linear(4, 2, false, new Rng(6), DType.F64);
        Sequential net = new Sequential(l1, new Activations.Tanh(), l2);
        net.forward(Variable.constant(Tensor.ones(DType.F64, 5, 3))).sum().backward();
        assertThat(net.parameters()).allMatch(p -> p.grad() != null);

        net.zeroGrad();

        assertThat(net.parameters()).allMatch(p -> p.grad() == null);
        assertThat(net.parameterCount()).isEqualTo(3 * 4 + 4 + 4 * 2);
    }

    @Test
    void badAndDuplicateNamesAreRejected() {
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("w", Tensor.ones(1));
                registerBuffer("w", Tensor.ones(1));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name 'w' already used");
        assertThatThrownBy(() -> new Module() {
            {
                registerModule("a.b", new Activations.ReLU());
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name 'a.b'");
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("", Tensor.ones(1));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name ''");
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("idx", Tensor.zeros(DType.I64, 2));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F32 and F64");
    }

    @Test
    void moduleTreePrintsNestedChildren() {
        String s = new Sequential(new Linear(2, 3, true, new Rng(7), DType.F32), new Activations.ReLU()).toString();
        assertThat(s).isEqualTo("Sequential(\n  (0): Linear(2, 3)\n  (1): ReLU()\n)");
    }
}
