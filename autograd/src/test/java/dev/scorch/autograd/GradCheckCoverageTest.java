package dev.scorch.autograd;

import dev.scorch.autograd.functions.Conv2d;
import dev.scorch.autograd.functions.ConvolutionGradTest;
import dev.scorch.autograd.functions.ElementwiseGradTest;
import dev.scorch.autograd.functions.MatmulGradTest;
import dev.scorch.autograd.functions.Mul;
import dev.scorch.autograd.functions.PoolGradTest;
import dev.scorch.autograd.functions.ReductionGradTest;
import dev.scorch.autograd.functions.ShapeGradTest;
import dev.scorch.autograd.functions.Unary;
import dev.scorch.nn.FunctionalGradCheckTest;
import dev.scorch.nn.LossesGradCheckTest;
import dev.scorch.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails when a differentiable op has no gradient check. The ops that must be checked are found, not listed: every
 * concrete {@link Function} subclass among the compiled main classes of this module, and every {@link UnaryOp} that
 * {@link Unary#differentiable} accepts. The ops that are checked are found by building the graph of every
 * {@link GradCase} the gradcheck tests run and collecting the functions in it, so an op counts as checked only when
 * a check really differentiates through it. Each op needs a first-order check and a second-order check, the latter
 * with the op in the graph of the function whose gradient is differentiated.
 */
class GradCheckCoverageTest {

    /** Every gradcheck case of the module: the same lists the parameterized gradcheck tests run. */
    static List<GradCase> allCases() {
        List<GradCase> all = new ArrayList<>();
        all.addAll(ElementwiseGradTest.cases());
        all.addAll(ReductionGradTest.cases());
        all.addAll(ShapeGradTest.cases());
        all.addAll(MatmulGradTest.cases());
        all.addAll(ConvolutionGradTest.cases());
        all.addAll(PoolGradTest.cases());
        all.addAll(FunctionalGradCheckTest.cases());
        all.addAll(LossesGradCheckTest.cases());
        all.addAll(SecondOrderGradTest.cases());
        return all;
    }

    @Test
    void everyDifferentiableOpHasAFirstOrderCheck() throws Exception {
        // A second-order check is a first-order check of x ↦ ∂f/∂x: the ops of the backward graph count too.
        Set<String> checked = new TreeSet<>();
        for (GradCase c : allCases()) {
            checked.addAll(opsIn(graph(c, c.secondOrder())));
        }
        assertThat(checked).as("ops reached by first-order gradchecks").containsAll(differentiableOps());
    }

    @Test
    void everyDifferentiableOpHasASecondOrderCheck() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (GradCase c : allCases()) {
            if (c.secondOrder()) {
                checked.addAll(opsIn(graph(c, false)));
            }
        }
        assertThat(checked).as("ops reached by second-order gradchecks").containsAll(differentiableOps());
    }

    @Test
    void everyCaseDifferentiatesThroughSomeOp() {
        for (GradCase c : allCases()) {
            assertThat(opsIn(graph(c, false))).as(c.name()).isNotEmpty();
        }
    }

    @Test
    void theScanFindsTheOpsItMustFind() throws Exception {
        Set<String> ops = differentiableOps();
        // Guards against a scan that finds nothing (and a coverage test that passes vacuously).
        assertThat(ops).contains(key(Mul.class), key(Conv2d.InputGrad.class), "dev.scorch.nn.Losses$BceWithLogits",
                "dev.scorch.autograd.functions.Pool$MaxPool", "Unary.RELU", "Unary.POW_SCALAR");
        assertThat(ops).doesNotContain(key(Unary.class), "Unary.SIGN", "Unary.FLOOR", "Unary.NOT");
        assertThat(ops.size()).isGreaterThan(50);
    }

    /** The ops that need a gradient check: Function subclasses by class name, Unary by op. */
    static Set<String> differentiableOps() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> ops = new TreeSet<>();
        Path root = Path.of(Function.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(root).as("main classes directory").isDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        ClassLoader loader = Function.class.getClassLoader();
        for (Path p : files) {
            String rel = root.relativize(p).toString();
            String name = rel.substring(0, rel.length() - ".class".length()).replace(p.getFileSystem().getSeparator(),
                    ".");
            if (name.endsWith("package-info") || name.endsWith("module-info")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, loader);
            if (Function.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && c != Unary.class) {
                ops.add(key(c));
            }
        }
        for (UnaryOp op : UnaryOp.values()) {
            if (Unary.differentiable(op)) {
                ops.add("Unary." + op.name());
            }
        }
        return ops;
    }

    private static String key(Class<?> c) {
        return c.getName();
    }

    /** The roots of the graph a case differentiates through: f(x), and with {@code withGradient} also ∂f/∂x. */
    private static List<Variable> graph(GradCase c, boolean withGradient) {
        Variable[] xs = c.inputs().get();
        Variable y = c.f().apply(xs);
        List<Variable> roots = new ArrayList<>();
        roots.add(y);
        if (withGradient && y.requiresGrad()) {
            List<Variable> wrt = new ArrayList<>();
            for (Variable x : xs) {
                if (x.requiresGrad()) {
                    wrt.add(x);
                }
            }
            Variable[] gs = Variable.grad(new Variable[] {y}, wrt.toArray(new Variable[0]),
                    new Variable[] {Variable.onesLike(y)}, true, true);
            for (Variable g : gs) {
                if (g != null) {
                    roots.add(g);
                }
            }
        }
        return roots;
    }

    /** The ops of every function reachable from the roots. */
    private static Set<String> opsIn(List<Variable> roots) {
        Set<String> ops = new TreeSet<>();
        Set<Function> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Function> todo = new ArrayDeque<>();
        for (Variable r : roots) {
            if (r.gradFn() != null) {
                todo.push(r.gradFn());
            }
        }
        while (!todo.isEmpty()) {
            Function fn = todo.pop();
            if (!seen.add(fn)) {
                continue;
            }
            ops.add(fn instanceof Unary ? "Unary." + unaryOp(fn.name()).name() : key(fn.getClass()));
            for (Variable in : fn.inputs()) {
                if (in != null && in.gradFn() != null) {
                    todo.push(in.gradFn());
                }
            }
        }
        return ops;
    }

    private static UnaryOp unaryOp(String opName) {
        for (UnaryOp op : UnaryOp.values()) {
            if (op.opName().equals(opName)) {
                return op;
            }
        }
        throw new IllegalStateException("no UnaryOp named " + opName);
    }
}
