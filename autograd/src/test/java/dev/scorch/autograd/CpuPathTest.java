package dev.scorch.autograd;

import dev.scorch.tensor.cpu.VectorSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CPU kernels under these tests are the ones the Surefire execution means to test ({@code scorch.test.cpuPath}:
 * "vector" in the parent pom, "scalar" in the scalar-fallback execution of autograd/pom.xml); see VectorSupportTest in
 * the tensor module.
 */
class CpuPathTest {
    @Test
    void thePathInUseIsTheOneThisExecutionTests() {
        String expected = System.getProperty("scorch.test.cpuPath");
        assumeTrue(expected != null, "scorch.test.cpuPath is set by the Surefire executions");
        assertThat(VectorSupport.AVAILABLE).isEqualTo(expected.equals("vector"));
        assertThat(VectorSupport.describe()).startsWith(expected);
    }
}
