package dev.scorch.bench;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the autograd graph itself, on a network of small ops where it shows most: {@code layers} layers of
 * y = tanh(x·W + b) at width {@code width} and batch 8, loss = Σ y. {@code manual} computes the forward and the
 * backward with tensor ops written out by hand (the same products and elementwise ops autograd runs:
 * g_z = g·(1 − y²), g_W = xᵀ·g_z, g_b = Σ g_z, g_x = g_z·Wᵀ but for the data); {@code autograd} records the graph
 * and calls {@code backward()}. Their ratio minus one is the graph's overhead (issue 5 asks for under 5% of a step);
 * {@code forwardNoGrad} and {@code forwardGraph} split off the cost of recording alone.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class AutogradOverheadBenchmark {
    private static final int BATCH = 8;

    @Param({"16", "128"})
    int width;

    @Param({"32"})
    int layers;

    @Param({"1"})
    int threads;

    Tensor x;
    Tensor[] w;
    Tensor[] b;
    Variable xv;
    Variable[] wv;
    Variable[] bv;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        Rng rng = BenchSetup.rng();
        x = Tensor.randn(rng.split(0), DType.F32, BATCH, width);
        w = new Tensor[layers];
        b = new Tensor[layers];
        wv = new Variable[layers];
        bv = new Variable[layers];
        for (int i = 0; i < layers; i++) {
            w[i] = Tensor.randn(rng.split(1 + 2L * i), DType.F32, width, width).mul(1.0 / Math.sqrt(width));
            b[i] = Tensor.randn(rng.split(2 + 2L * i), DType.F32, width).mul(0.1);
            wv[i] = Variable.parameter(w[i]);
            bv[i] = Variable.parameter(b[i]);
        }
        xv = Variable.constant(x);
    }

    /** Forward and backward by hand: the activations kept, then the chain rule layer by layer. */
    @Benchmark
    public void manual(Blackhole bh) {
        Tensor[] ys = new Tensor[layers + 1];
        ys[0] = x;
        for (int i = 0; i < layers; i++) {
            ys[i + 1] = ys[i].matmul(w[i]).add(b[i]).tanh();
        }
        bh.consume(ys[layers].sum());
        Tensor g = Tensor.onesLike(ys[layers]);
        for (int i = layers - 1; i >= 0; i--) {
            Tensor gz = g.mul(ys[i + 1].square().neg().add(1.0));
            bh.consume(ys[i].t().matmul(gz));
            bh.consume(gz.sum(new int[] {0}, false));
            if (i > 0) { // x is data: autograd computes no gradient for it either
                g = gz.matmul(w[i].t());
            }
        }
    }

    /** The same through autograd: record, backward, and the gradients cleared for the next call. */
    @Benchmark
    public void autograd(Blackhole bh) {
        Variable h = xv;
        for (int i = 0; i < layers; i++) {
            h = h.matmul(wv[i]).add(bv[i]).tanh();
        }
        Variable loss = h.sum();
        loss.backward();
        for (int i = 0; i < layers; i++) {
            bh.consume(wv[i].grad());
            wv[i].zeroGrad();
            bh.consume(bv[i].grad());
            bv[i].zeroGrad();
        }
        bh.consume(loss);
    }

    @Benchmark
    public Tensor forwardNoGrad() {
        try (GradMode.Scope g = GradMode.noGrad()) {
            Variable h = xv;
            for (int i = 0; i < layers; i++) {
                h = h.matmul(wv[i]).add(bv[i]).tanh();
            }
            return h.data();
        }
    }

    @Benchmark
    public Variable forwardGraph() {
        Variable h = xv;
        for (int i = 0; i < layers; i++) {
            h = h.matmul(wv[i]).add(bv[i]).tanh();
        }
        return h;
    }
}
