package dev.scorch.cuda;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With this module on the class path, a CPU computation loads no class of JCuda and none of the CUDA backend: the
 * workload runs in a fresh class loader over the test class path that records every class it is asked for (so that
 * its classes are its own, whatever this JVM loaded before). The same loader, asked for a CUDA device afterwards,
 * does load them, which shows that the recording sees them. A second case hides JCuda from the loader altogether: the
 * probe then reports that JCuda is missing instead of failing.
 */
class CpuPathTest {

    /** Loads the class path's classes itself (child first), recording their names; hides those {@code hidden} names. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();
        private final Predicate<String> hidden;

        RecordingLoader(Predicate<String> hidden) throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            if (hidden.test(name)) {
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(new URL[0]);
        }
    }

    private static Object call(ClassLoader loader, String method) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // ServiceLoader.load(Class) looks in the context loader: make it the one under test.
        t.setContextClassLoader(loader);
        try {
            return Class.forName(CpuPathWorkload.class.getName(), true, loader).getMethod(method).invoke(null);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static boolean cudaSide(String name) {
        return name.startsWith("jcuda.") || name.startsWith("dev.scorch.cuda.Cuda");
    }

    @Test
    void aCpuComputationLoadsNothingOfCuda() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(n -> false)) {
            Object result = call(loader, "cpu");
            assertThat((Double) result).isFinite();
            assertThat(loader.requested).as("classes of the CPU path")
                    .contains("dev.scorch.tensor.cpu.CpuBackend", "dev.scorch.optim.Adam")
                    .noneMatch(CpuPathTest::cudaSide);

            call(loader, "askForCuda");
            assertThat(loader.requested).as("asking for CUDA loads the provider and the probe")
                    .contains("dev.scorch.cuda.CudaBackendProvider", "dev.scorch.cuda.CudaProbe")
                    .anyMatch(n -> n.startsWith("jcuda."));
        }
    }

    @Test
    void withoutJCudaOnTheClassPathTheProbeSaysSo() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(n -> n.startsWith("jcuda."))) {
            Object why = call(loader, "askForCuda");
            assertThat((String) why).startsWith(CudaProbe.NO_DEVICE + ": JCuda is not on the class path");
            assertThat((Double) call(loader, "cpu")).isFinite();
        }
    }
}
