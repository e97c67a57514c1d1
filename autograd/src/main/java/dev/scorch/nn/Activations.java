package dev.scorch.nn;

import dev.scorch.autograd.Variable;

/** Activation functions as layers, for {@link Sequential}: {@code new Activations.ReLU()} and so on. */
public final class Activations {
    private Activations() {
    }

    public static final class ReLU extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.relu();
        }
    }

    public static final class LeakyReLU extends Layer {
        private final double slope;

        public LeakyReLU(double slope) {
            this.slope = slope;
        }

        @Override
        public Variable forward(Variable x) {
            return x.leakyRelu(slope);
        }
    }

    public static final class ELU extends Layer {
        private final double alpha;

        public ELU(double alpha) {
            this.alpha = alpha;
        }

        @Override
        public Variable forward(Variable x) {
            return x.elu(alpha);
        }
    }

    /** x·σ(x), called swish in the score-SDE tutorial. */
    public static final class SiLU extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.silu();
        }
    }

    public static final class Tanh extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.tanh();
        }
    }

    public static final class Sigmoid extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.sigmoid();
        }
    }

    public static final class Softplus extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.softplus();
        }
    }

    /** Flattens all axes after the batch axis. */
    public static final class Flatten extends Layer {
        @Override
        public Variable forward(Variable x) {
            return x.reshape(x.dim(0), -1);
        }
    }
}
