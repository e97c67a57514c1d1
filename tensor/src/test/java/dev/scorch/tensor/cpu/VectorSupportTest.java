package dev.scorch.tensor.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which CPU kernels are in use. Each Surefire execution names the path it means to test in the system property
 * {@code scorch.test.cpuPath} ("vector" in the parent pom, "scalar" in the scalar-fallback execution of tensor/pom.xml),
 * so that the fallback execution cannot silently run the vector kernels, nor the default one the scalar kernels.
 */
class VectorSupportTest {
    private static boolean modulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void thePathInUseIsTheOneThisExecutionTests() {
        String expected = System.getProperty("scorch.test.cpuPath");
        assumeTrue(expected != null, "scorch.test.cpuPath is set by the Surefire executions in tensor/pom.xml");
        assertThat(expected).isIn("vector", "scalar");
        boolean vector = expected.equals("vector");

        assertThat(modulePresent()).as("jdk.incubator.vector in the boot layer").isEqualTo(vector);
        assertThat(VectorSupport.AVAILABLE).isEqualTo(vector);
        assertThat(VectorSupport.describe()).startsWith(expected);
        assertThat(Gemm.kernelName()).isEqualTo(vector ? "VectorGemmF32" : "ScalarGemmF32");
        assertThat(Gemm.f64Kernel().getClass().getSimpleName()).isEqualTo(vector ? "VectorGemmF64" : "ScalarGemmF64");
    }

    @Test
    void vectorKernelsExactlyWhenTheModuleIsPresentAndNotSwitchedOff() {
        boolean switchedOff = "false".equalsIgnoreCase(System.getProperty("scorch.vector"));
        // Every species the JDK offers has at least 4 float lanes, so the width test in VectorSupport never fails.
        assertThat(VectorSupport.AVAILABLE).isEqualTo(modulePresent() && !switchedOff);
    }
}
