package dev.scorch.tensor.cpu;

/**
 * Decides once, at start-up, whether the Vector API ({@code jdk.incubator.vector}) can be used.
 *
 * <p>The module is an incubator: it is there only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the build, tests, launcher and benchmarks all pass it). A library user who
 * forgets the flag still gets a working engine on the scalar kernels. The GEMM kernels are created here by reflection.
 * The elementwise kernels ({@link VectorUnary}, {@link VectorBinary}) are called directly, but only behind a test of
 * {@link #AVAILABLE}: a class is loaded when a call to it first runs (JVMS §5.4 lets a resolution error surface only
 * where the reference is used), so without the module no class that touches the Vector API is ever loaded. The tensor
 * module's {@code scalar-fallback} test execution runs without the flag to check this. Setting the system property
 * {@code scorch.vector=false} forces the scalar path.
 */
public final class VectorSupport {
    /** True when the Vector API kernels are in use. */
    public static final boolean AVAILABLE = detect();

    private VectorSupport() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("scorch.vector"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            GemmKernel k = (GemmKernel) instantiate("dev.scorch.tensor.cpu.VectorGemmF32");
            // Fewer than four float lanes would be slower than the scalar kernel.
            return k.nr >= 8;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static Object instantiate(String name) throws ReflectiveOperationException {
        return Class.forName(name).getDeclaredConstructor().newInstance();
    }

    static GemmKernel gemmF32() {
        return create("dev.scorch.tensor.cpu.VectorGemmF32");
    }

    static GemmKernel gemmF64() {
        return create("dev.scorch.tensor.cpu.VectorGemmF64");
    }

    private static GemmKernel create(String name) {
        try {
            return (GemmKernel) instantiate(name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("VectorSupport: cannot create " + name, e);
        }
    }

    /** "vector (256-bit)" or "scalar", for logs and benchmark reports. */
    public static String describe() {
        return AVAILABLE ? "vector (" + (Gemm.f32Kernel().nr / 2 * 32) + "-bit)" : "scalar";
    }
}
