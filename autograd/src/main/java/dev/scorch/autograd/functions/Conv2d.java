package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.Shape;

/**
 * y = conv2d(x, w) + b. The convolution B(x, w) is bilinear, so its two gradients are linear maps of g:
 * ∂/∂x = {@link InputGrad}(g, w) (the transposed convolution) and ∂/∂w = {@link WeightGrad}(x, g); ∂/∂b = Σ g over
 * N, H, W. The three ops close under differentiation:
 * <pre>
 *   InputGrad(g, w), upstream u:   ∂/∂g = B(u, w),          ∂/∂w = WeightGrad(u, g)
 *   WeightGrad(x, g), upstream u:  ∂/∂x = InputGrad(g, u),  ∂/∂g = B(x, u)
 * </pre>
 * which is what gradients of gradients through convolutions (WGAN-GP) need.
 */
public final class Conv2d extends Function {
    private ConvSpec spec;

    public static Variable apply(Variable x, Variable w, Variable bias, ConvSpec spec) {
        Conv2d f = new Conv2d();
        f.spec = spec;
        f.save(x, w);
        return f.record(Convolutions.conv2d(x.data(), w.data(), bias == null ? null : bias.data(), spec), x, w, bias);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable w = saved(1);
        return new Variable[] {
            needsInputGrad(0) ? InputGrad.apply(g, w, x.shape(), spec) : null,
            needsInputGrad(1) ? WeightGrad.apply(x, g, w.shape(), spec) : null,
            countInputs() > 2 && needsInputGrad(2) ? g.sum(new int[] {0, 2, 3}, false) : null
        };
    }

    /** The gradient of conv2d with respect to its input; also the transposed convolution. */
    public static final class InputGrad extends Function {
        private ConvSpec spec;

        public static Variable apply(Variable g, Variable w, Shape inputShape, ConvSpec spec) {
            InputGrad f = new InputGrad();
            f.spec = spec;
            f.save(g, w);
            return f.record(Convolutions.conv2dInputGrad(g.data(), w.data(), inputShape, spec), g, w);
        }

        @Override
        protected Variable[] backward(Variable u) {
            Variable g = saved(0);
            Variable w = saved(1);
            return new Variable[] {
                needsInputGrad(0) ? Conv2d.apply(u, w, null, spec) : null,
                needsInputGrad(1) ? WeightGrad.apply(u, g, w.shape(), spec) : null
            };
        }
    }

    /** The gradient of conv2d with respect to its weight. */
    public static final class WeightGrad extends Function {
        private ConvSpec spec;

        public static Variable apply(Variable x, Variable g, Shape weightShape, ConvSpec spec) {
            WeightGrad f = new WeightGrad();
            f.spec = spec;
            f.save(x, g);
            return f.record(Convolutions.conv2dWeightGrad(x.data(), g.data(), weightShape, spec), x, g);
        }

        @Override
        protected Variable[] backward(Variable u) {
            Variable x = saved(0);
            Variable g = saved(1);
            return new Variable[] {
                needsInputGrad(0) ? InputGrad.apply(g, u, x.shape(), spec) : null,
                needsInputGrad(1) ? Conv2d.apply(x, u, null, spec) : null
            };
        }
    }
}
