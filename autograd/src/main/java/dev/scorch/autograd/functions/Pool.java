package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Pooling;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Pooling and upsampling as linear maps with their adjoints: average pooling ↔ its backward, nearest upsampling ↔
 * block sums. Max pooling's backward scatters g to the recorded argmax positions through {@link Gather.ScatterAdd},
 * whose own backward is a gather, so all of them differentiate to any order.
 */
public final class Pool {
    private Pool() {
    }

    /** Max pooling: values, with the gradient routed to each window's maximum. */
    public static Variable maxPool2d(Variable x, Pool2dSpec spec) {
        Tensor.Indexed r = Pooling.maxPool2d(x.data(), spec);
        return MaxPool.apply(x, r.values(), r.indices());
    }

    private static final class MaxPool extends Function {
        private Tensor indices;

        static Variable apply(Variable x, Tensor values, Tensor indices) {
            MaxPool f = new MaxPool();
            f.indices = indices;
            return f.record(values, x);
        }

        @Override
        public String name() {
            return "maxPool2d";
        }

        @Override
        protected Variable[] backward(Variable g) {
            Shape in = inputShape(0);
            int n = in.dim(0);
            int c = in.dim(1);
            Variable zeros = Variable.constant(Tensor.zeros(Shape.of(n, c, in.dim(2) * in.dim(3)), g.dtype(),
                    g.device()));
            Tensor idx = indices.reshape(n, c, -1);
            Variable gx = Gather.ScatterAdd.apply(zeros, 2, idx, g.reshape(n, c, -1));
            return new Variable[] {gx.reshape(in.dims())};
        }
    }

    /** Average pooling. */
    public static final class AvgPool extends Function {
        private Pool2dSpec spec;
        private boolean countIncludePad;

        public static Variable apply(Variable x, Pool2dSpec spec, boolean countIncludePad) {
            AvgPool f = new AvgPool();
            f.spec = spec;
            f.countIncludePad = countIncludePad;
            return f.record(Pooling.avgPool2d(x.data(), spec, countIncludePad), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {AvgPoolBackward.apply(g, inputShape(0), spec, countIncludePad)};
        }
    }

    /** The adjoint of average pooling. */
    public static final class AvgPoolBackward extends Function {
        private Pool2dSpec spec;
        private boolean countIncludePad;

        public static Variable apply(Variable g, Shape inputShape, Pool2dSpec spec, boolean countIncludePad) {
            AvgPoolBackward f = new AvgPoolBackward();
            f.spec = spec;
            f.countIncludePad = countIncludePad;
            return f.record(Pooling.avgPool2dBackward(g.data(), inputShape, spec, countIncludePad), g);
        }

        @Override
        protected Variable[] backward(Variable u) {
            return new Variable[] {AvgPool.apply(u, spec, countIncludePad)};
        }
    }

    /** Nearest-neighbour upsampling by integer factors. */
    public static final class Upsample extends Function {
        private int sh;
        private int sw;

        public static Variable apply(Variable x, int sh, int sw) {
            Upsample f = new Upsample();
            f.sh = sh;
            f.sw = sw;
            return f.record(Pooling.upsampleNearest2d(x.data(), sh, sw), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {UpsampleBackward.apply(g, sh, sw)};
        }
    }

    /** Block sums: the adjoint of nearest upsampling. */
    public static final class UpsampleBackward extends Function {
        private int sh;
        private int sw;

        public static Variable apply(Variable g, int sh, int sw) {
            UpsampleBackward f = new UpsampleBackward();
            f.sh = sh;
            f.sw = sw;
            return f.record(Pooling.upsampleNearest2dBackward(g.data(), sh, sw), g);
        }

        @Override
        protected Variable[] backward(Variable u) {
            return new Variable[] {Upsample.apply(u, sh, sw)};
        }
    }
}
