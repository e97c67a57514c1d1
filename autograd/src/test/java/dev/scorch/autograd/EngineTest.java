package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The backward pass: order, accumulation, explicit gradients, {@code grad()}, retained and freed graphs. */
class EngineTest {

    private static Variable scalar(double v) {
        return Variable.parameter(Tensor.scalar(v, DType.F64));
    }

    private static Variable vector(double... v) {
        return Variable.parameter(Tensor.of(v, v.length));
    }

    private static double[] values(Variable v) {
        return v.data().toDoubleArray();
    }

    /** Counts its backward calls: the identity, as a function of its own. */
    private static final class Counting extends Function {
        int backwardCalls;

        Variable apply(Variable x) {
            return record(x.data().copy(), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            backwardCalls++;
            return new Variable[] {g};
        }
    }

    @Test
    void microgradReadmeExpression() {
        // Expected: the micrograd README (github.com/karpathy/micrograd) prints 24.7041, 138.8338, 645.5773;
        // benchmarks/compare/reference_autograd.py, section "micrograd", gives the digits below with PyTorch.
        Variable a = scalar(-4.0);
        Variable b = scalar(2.0);
        Variable c = a.add(b);
        Variable d = a.mul(b).add(b.pow(3.0));
        c = c.add(c.add(1.0));
        c = c.add(c.add(1.0)).add(a.neg());
        d = d.add(d.mul(2.0)).add(b.add(a).relu());
        d = d.add(d.mul(3.0)).add(b.sub(a).relu());
        Variable e = c.sub(d);
        Variable f = e.pow(2.0);
        Variable g = f.div(2.0);
        g = g.add(Variable.constant(Tensor.scalar(10.0, DType.F64)).div(f));
        g.backward();
        assertThat(g.item()).isCloseTo(24.7040816327, within(1e-9));
        assertThat(a.grad().item()).isCloseTo(138.8338192420, within(1e-9));
        assertThat(b.grad().item()).isCloseTo(645.5772594752, within(1e-9));
    }

    @Test
    void valueUsedSeveralTimesSumsItsGradients() {
        // y = x·x + 3x + x  =>  dy/dx = 2x + 4 = 7 at x = 1.5
        Variable x = scalar(1.5);
        x.mul(x).add(x.mul(3.0)).add(x).backward();
        assertThat(x.grad().item()).isEqualTo(7.0);
    }

    @Test
    void diamondRunsTheSharedFunctionOnceWithTheSummedGradient() {
        // a = id(x); y = 2a + 3a·a  =>  dy/dx = 2 + 6x = 5 at x = 0.5, with id's backward run once.
        Variable x = scalar(0.5);
        Counting id = new Counting();
        Variable a = id.apply(x);
        a.mul(2.0).add(a.mul(a).mul(3.0)).backward();
        assertThat(x.grad().item()).isEqualTo(5.0);
        assertThat(id.backwardCalls).isEqualTo(1);
    }

    @Test
    void leafAccumulatesOverBackwardCallsUntilZeroGrad() {
        Variable x = vector(1, 2);
        x.mul(3.0).sum().backward();
        x.mul(x).sum().backward();
        assertThat(values(x.grad())).containsExactly(3 + 2, 3 + 4);
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.sum().backward();
        assertThat(values(x.grad())).containsExactly(1, 1);
    }

    @Test
    void leavesNeverShareAGradientBuffer() {
        Variable x = vector(1, 2);
        Variable y = vector(3, 4);
        x.add(y).sum().backward();
        x.grad().data().mulInPlace(10.0);
        assertThat(values(y.grad())).containsExactly(1, 1);
    }

    @Test
    void leavesNeverShareAGradientBufferWithCreateGraph() {
        Variable x = vector(1, 2);
        Variable y = vector(3, 4);
        Tensor seed = Tensor.of(new double[] {1, 1}, 2);
        x.add(y).backward(Variable.constant(seed), false, true);
        x.grad().data().mulInPlace(10.0);
        assertThat(values(y.grad())).containsExactly(1, 1);
        assertThat(seed.toDoubleArray()).containsExactly(1, 1);
    }

    /** A leaf keeps a gradient the formula made for it alone (x·W's xᵀ·g) without a copy, and it stays its own. */
    @Test
    void leafKeepsAFreshGradientAndItIsItsOwn() {
        Variable x = Leaves.param(1, 2, 2);
        Variable w = Leaves.param(2, 2, 3);
        Variable b = Leaves.param(3, 3);
        Tensor seed = Tensor.ones(DType.F64, 2, 3);
        x.matmul(w).add(b).backward(seed);
        Tensor wGrad = w.grad().data();
        assertThat(wGrad.storage()).isNotSameAs(x.grad().data().storage())
                .isNotSameAs(b.grad().data().storage()).isNotSameAs(seed.storage());
        double[] before = values(x.grad());
        double[] bBefore = values(b.grad());
        wGrad.mulInPlace(10.0);
        assertThat(values(x.grad())).containsExactly(before);
        assertThat(values(b.grad())).containsExactly(bBefore);
        assertThat(seed.toDoubleArray()).containsOnly(1.0);
        // a second pass adds into a new buffer: the gradient kept from the first is not written to
        Tensor kept = w.grad().data();
        double[] keptValues = kept.toDoubleArray();
        x.matmul(w).add(b).backward(seed);
        assertThat(kept.toDoubleArray()).containsExactly(keptValues);
    }

    /** Gradients that are views of what a formula received (reshape, slices of a cat) are copied into the leaves. */
    @Test
    void viewsOfTheIncomingGradientAreCopiedIntoLeaves() {
        Variable w = Leaves.param(4, 2, 2);
        Tensor seed = Tensor.of(new double[] {1, 2, 3, 4}, 4);
        w.reshape(4).backward(seed);
        w.grad().data().mulInPlace(10.0);
        assertThat(seed.toDoubleArray()).containsExactly(1, 2, 3, 4);

        Variable p = vector(1, 2);
        Variable q = vector(3, 4, 5);
        Tensor catSeed = Tensor.of(new double[] {1, 2, 3, 4, 5}, 5);
        Variable.cat(0, p, q).backward(catSeed);
        p.grad().data().mulInPlace(10.0);
        assertThat(values(q.grad())).containsExactly(3, 4, 5);
        assertThat(catSeed.toDoubleArray()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Variable x = Leaves.param(1, 2, 3);
        Variable y = x.mul(2.0);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backward").hasMessageContaining("[2, 3]").hasMessageContaining("gradient");
        y.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(values(x.grad())).containsExactly(2, 4, 6, 8, 10, 12);
    }

    @Test
    void explicitGradientMustMatchTheOutput() {
        Variable y = Leaves.param(1, 2, 3).mul(2.0);
        assertThatThrownBy(() -> y.backward(Tensor.ones(DType.F64, 3, 2))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("[3, 2]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> y.backward(Tensor.ones(DType.F32, 2, 3))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("F32").hasMessageContaining("F64");
    }

    @Test
    void backwardOfAConstantFails() {
        Variable c = Leaves.constant(1, 2).sum();
        assertThatThrownBy(c::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not require a gradient");
    }

    @Test
    void backwardFromALeafGivesItTheSeed() {
        Variable x = scalar(3);
        x.backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void gradReturnsGradientsWithoutTouchingGrad() {
        Variable x = vector(1, 2);
        Variable w = vector(3, 4);
        Variable unused = vector(5);
        Variable y = x.mul(w).sum();
        Variable[] g = Variable.grad(new Variable[] {y}, new Variable[] {x, w, unused}, null, false, false);
        assertThat(values(g[0])).containsExactly(3, 4);
        assertThat(values(g[1])).containsExactly(1, 2);
        assertThat(g[2]).isNull();
        assertThat(x.grad()).isNull();
        assertThat(w.grad()).isNull();
    }

    @Test
    void gradOfANonLeafInput() {
        Variable x = vector(1, 2);
        Variable h = x.mul(3.0);
        Variable y = h.square().sum();
        Variable gh = Variable.grad(y, h, false);
        assertThat(values(gh)).containsExactly(6, 12);
        assertThat(h.grad()).isNull();
    }

    @Test
    void gradWithSeveralOutputsSumsTheirContributions() {
        Variable x = vector(1, 2);
        Variable y1 = x.sum();
        Variable y2 = x.square();
        Variable[] g = Variable.grad(new Variable[] {y1, y2}, new Variable[] {x},
                new Variable[] {null, Variable.constant(Tensor.of(new double[] {1, 10}, 2))}, false, false);
        assertThat(values(g[0])).containsExactly(1 + 2, 1 + 40);
    }

    @Test
    void gradRejectsInputsAndOutputsWithoutGradient() {
        Variable x = vector(1, 2);
        Variable c = Leaves.constant(1, 2);
        assertThatThrownBy(() -> Variable.grad(x.mul(c).sum(), c, false)).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("grad").hasMessageContaining("[2]");
        assertThatThrownBy(() -> Variable.grad(c.sum(), x, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grad: output 0");
    }

    @Test
    void hessianVectorProductOfAQuadraticForm() {
        // f(x) = xᵀAx has ∇f = (A + Aᵀ)x and Hessian A + Aᵀ = [[2, 5], [5, 8]] for A = [[1, 2], [3, 4]];
        // by hand: H·v for v = [1, −1] is [2 − 5, 5 − 8] = [−3, −3], and ∇f at x = [0.5, −1] is [−4, −5.5].
        Variable a = Variable.constant(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        Variable x = vector(0.5, -1);
        Variable f = x.matmul(a.matmul(x));
        Variable grad = Variable.grad(f, x, true);
        assertThat(values(grad)).containsExactly(-4, -5.5);
        assertThat(grad.gradFn()).isNotNull();
        Variable v = Variable.constant(Tensor.of(new double[] {1, -1}, 2));
        Variable hv = Variable.grad(grad.mul(v).sum(), x, false);
        assertThat(values(hv)).containsExactly(-3, -3);
    }

    @Test
    void backwardWithCreateGraphGivesDifferentiableLeafGradients() {
        // y = x³: x.grad = 3x² (recorded), d(x.grad)/dx = 6x = 12 at x = 2.
        Variable x = scalar(2);
        x.pow(3.0).backward(null, false, true);
        Variable g = x.grad();
        assertThat(g.item()).isEqualTo(12.0);
        assertThat(g.requiresGrad()).isTrue();
        x.zeroGrad();
        g.backward();
        assertThat(x.grad().item()).isEqualTo(12.0);
    }

    @Test
    void withoutCreateGraphGradientsAreConstants() {
        Variable x = vector(1, 2);
        x.square().sum().backward();
        assertThat(x.grad().gradFn()).isNull();
        assertThat(x.grad().requiresGrad()).isFalse();
        Variable g = Variable.grad(x.square().sum(), x, false);
        assertThat(g.gradFn()).isNull();
        assertThat(g.requiresGrad()).isFalse();
    }

    @Test
    void secondBackwardThroughAFreedGraphFails() {
        Variable x = vector(1, 2);
        Variable y = x.mul(x).sum();
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retainGraph");
    }

    @Test
    void secondBackwardThroughAFreedGraphWithoutSavedValuesFails() {
        Variable x = vector(1, 2);
        Variable y = x.add(x).sum();
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retainGraph");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Variable x = vector(1, 2);
        Variable y = x.mul(x).sum();
        y.backward(null, true, false);
        y.backward(null, true, false);
        assertThat(values(x.grad())).containsExactly(4, 8);
    }

    @Test
    void retainGradKeepsTheGradientOfANonLeaf() {
        Variable x = vector(1, 2);
        Variable h = x.mul(3.0).retainGrad();
        Variable k = h.add(1.0);
        k.square().sum().backward();
        // d/dh (h + 1)² = 2(h + 1) = [8, 14]
        assertThat(values(h.grad())).containsExactly(8, 14);
        assertThat(k.grad()).isNull();
        assertThat(values(x.grad())).containsExactly(24, 42);
    }

    @Test
    void detachCutsTheGraphAndSharesStorage() {
        Variable x = vector(1, 2);
        Variable d = x.mul(2.0).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        Variable y = x.mul(d).sum();
        y.backward();
        assertThat(values(x.grad())).containsExactly(2, 4);
        assertThat(x.detach().data().storage()).isSameAs(x.data().storage());
    }

    @Test
    void valueModifiedInPlaceAfterSavingFailsBackwardNamingTheOp() {
        Variable x = vector(1, 2);
        Variable y = x.mul(x).sum();
        x.data().addInPlace(1);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Mul").hasMessageContaining("modified in place").hasMessageContaining("[2]");
    }

    @Test
    void savedOutputModifiedInPlaceFailsBackward() {
        Variable x = vector(1, 2);
        Variable e = x.exp();
        Variable y = e.sum();
        e.data().mulInPlace(2.0);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exp").hasMessageContaining("modified in place");
    }

    @Test
    void functionReturningAWronglyShapedGradientIsCaught() {
        Variable x = Leaves.param(1, 2, 3);
        Variable y = new Broken().apply(x);
        assertThatThrownBy(() -> y.sum().backward()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Broken").hasMessageContaining("[2, 3]").hasMessageContaining("[]");
    }

    /** Returns a gradient of the wrong shape. */
    private static final class Broken extends Function {
        Variable apply(Variable x) {
            return record(x.data().copy(), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {g.sum()};
        }
    }

    @Test
    void gradientsKeepTheShapeOfBroadcastInputs() {
        Variable a = Leaves.param(1, 2, 1, 3);
        Variable b = Leaves.param(2, 4, 1);
        a.mul(b).sum().backward();
        assertThat(a.grad().shape()).isEqualTo(Shape.of(2, 1, 3));
        assertThat(b.grad().shape()).isEqualTo(Shape.of(4, 1));
    }
}
