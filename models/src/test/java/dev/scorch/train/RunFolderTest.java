package dev.scorch.train;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFolderTest {
    @TempDir
    Path root;

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    // ------------------------------------------------------------------ create

    @Test
    void aNewRunRefusesAnEmptyPathAndAFolderWithOtherFiles() throws IOException {
        assertThatThrownBy(() -> RunFolder.checkNew(Path.of(""))).isInstanceOf(IOException.class)
                .hasMessage("--out is empty; name a new folder for the run");
        Path busy = Files.createDirectories(root.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RunFolder.at(busy)).isInstanceOf(IOException.class)
                .hasMessage(busy + " is a folder with other files in it; a run gets a new or empty folder (choose "
                        + "another --out)");
        assertThat(Files.readString(busy.resolve("notes.txt"))).isEqualTo("mine");
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThat(RunFolder.at(empty).dir()).isEqualTo(empty);
    }


    @Test
    void createMakesANewEmptyTimestampedFolderAndItsParents() throws IOException {
        Path parent = root.resolve("runs/nested");
        RunFolder r = RunFolder.create(parent, "ncsn");

        assertThat(r.dir().getParent()).isEqualTo(parent);
        assertThat(r.dir().getFileName().toString()).matches("ncsn-\\d{8}-\\d{6}(-\\d+)?");
        assertThat(r.dir()).isDirectory();
        assertThat(isEmpty(r.dir())).isTrue();
        assertThat(r.finished()).isFalse();
        assertThat(r.toString()).isEqualTo(r.dir().toString());
    }

    @Test
    void createNeverReusesAFolder() throws IOException {
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            RunFolder r = RunFolder.create(root, "run");
            assertThat(seen.add(r.dir())).as("folder %s handed out twice", r.dir()).isTrue();
            Files.writeString(r.file("marker"), "run " + i);
        }
        for (Path p : seen) {
            try (Stream<Path> s = Files.list(p)) {
                assertThat(s).hasSize(1);
            }
        }
    }

    @Test
    void createSkipsFoldersThatAlreadyHoldTheStamp() throws IOException {
        // occupy the stamps of this second and the next two, so that the call below must take a suffix (if the clock
        // has moved further by then it gets a fresh stamp: either way it must not be one of these)
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        LocalDateTime now = LocalDateTime.now();
        List<Path> taken = List.of(root.resolve("run-" + now.format(f)), root.resolve("run-" + now.plusSeconds(1)
                .format(f)), root.resolve("run-" + now.plusSeconds(2).format(f)));
        for (Path p : taken) {
            Files.createDirectory(p);
            Files.writeString(p.resolve(RunFolder.SUMMARY), "{}");
        }

        RunFolder r = RunFolder.create(root, "run");

        assertThat(taken).doesNotContain(r.dir());
        assertThat(isEmpty(r.dir())).isTrue();
        for (Path p : taken) {
            try (Stream<Path> s = Files.list(p)) {
                assertThat(s).containsExactly(p.resolve(RunFolder.SUMMARY));
            }
        }
    }

    @Test
    void createRejectsNamesThatAreNotPlainFileNames() {
        for (String bad : new String[] {"", "  ", "a/b", "a\\b"}) {
            assertThatThrownBy(() -> RunFolder.create(root, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("run name must be a plain file name, got '" + bad + "'");
        }
    }

    // ------------------------------------------------------------------ at

    @Test
    void atCreatesAMissingFolderAndAcceptsAnEmptyOne() throws IOException {
        Path fresh = root.resolve("out/fresh");
        assertThat(RunFolder.at(fresh).dir()).isEqualTo(fresh).isDirectory();
        Path empty = Files.createDirectory(root.resolve("empty"));
        assertThat(RunFolder.at(empty).dir()).isEqualTo(empty);
    }

    @Test
    void atRefusesAFinishedRun() throws IOException {
        Path d = Files.createDirectory(root.resolve("done"));
        Files.writeString(d.resolve(RunFolder.SUMMARY), "{}");
        Files.writeString(d.resolve(RunFolder.CHECKPOINT), "");

        assertThatThrownBy(() -> RunFolder.at(d)).isInstanceOf(IOException.class)
                .hasMessage(d + " holds a finished run (summary.json exists); choose another --out");
    }

    @Test
    void atRefusesAnUnfinishedRunAndSaysHowToContinueIt() throws IOException {
        Path d = Files.createDirectory(root.resolve("half"));
        Files.writeString(d.resolve(RunFolder.CHECKPOINT), "");

        assertThatThrownBy(() -> RunFolder.at(d)).isInstanceOf(IOException.class)
                .hasMessage(d + " holds an unfinished run; continue it with --resume " + d + " or choose another --out");
    }

    // ------------------------------------------------------------------ resume

    @Test
    void atRefusesAFileAndAFolderInsideAFileCreatingNothing() throws IOException {
        Path file = Files.writeString(root.resolve("README.md"), "text");
        assertThatThrownBy(() -> RunFolder.at(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " is a file, not a folder; choose another --out");
        Path inside = file.resolve("run");
        assertThatThrownBy(() -> RunFolder.checkNew(inside)).isInstanceOf(IOException.class)
                .hasMessage(inside + ": " + file + " is a file, not a folder; choose another --out");
        Path fresh = root.resolve("not/yet");
        RunFolder.checkNew(fresh);
        assertThat(fresh.getParent()).doesNotExist();
    }

    @Test
    void resumeOpensAnUnfinishedRun() throws IOException {
        Path d = Files.createDirectory(root.resolve("half"));
        Files.writeString(d.resolve(RunFolder.CHECKPOINT), "");

        RunFolder r = RunFolder.resume(d);

        assertThat(r.dir()).isEqualTo(d);
        assertThat(r.file(RunFolder.CHECKPOINT)).isEqualTo(d.resolve("checkpoint.safetensors"));
        assertThat(r.finished()).isFalse();
    }

    @Test
    void resumeErrorsSayWhatIsWrong() throws IOException {
        Path none = root.resolve("none");
        assertThatThrownBy(() -> RunFolder.resume(none)).isInstanceOf(IOException.class)
                .hasMessage("--resume " + none + ": no such run folder");
        Path file = Files.writeString(root.resolve("a-file"), "");
        assertThatThrownBy(() -> RunFolder.resume(file)).hasMessage("--resume " + file + ": no such run folder");

        Path done = Files.createDirectory(root.resolve("done"));
        Files.writeString(done.resolve(RunFolder.SUMMARY), "{}");
        Files.writeString(done.resolve(RunFolder.CHECKPOINT), "");
        assertThatThrownBy(() -> RunFolder.resume(done))
                .hasMessage("--resume " + done + ": the run is finished (summary.json exists)");

        Path bare = Files.createDirectory(root.resolve("bare"));
        assertThatThrownBy(() -> RunFolder.resume(bare))
                .hasMessage("--resume " + bare + ": no checkpoint.safetensors to resume from");
    }

    // ------------------------------------------------------------------ files

    @Test
    void writingTheSummaryMarksTheRunFinished() throws IOException {
        RunFolder r = RunFolder.at(root.resolve("r"));
        r.writeJson(RunFolder.CONFIG, Map.of("lr", 0.001, "steps", 10L));
        assertThat(r.finished()).isFalse();

        r.writeJson(RunFolder.SUMMARY, Map.of("finalLoss", 1.5));

        assertThat(r.finished()).isTrue();
        assertThat(Json.read(r.file(RunFolder.CONFIG))).isEqualTo(Map.of("lr", 0.001, "steps", 10L));
        assertThat(Json.read(r.file(RunFolder.SUMMARY))).isEqualTo(Map.of("finalLoss", 1.5));
        assertThatThrownBy(() -> RunFolder.at(r.dir())).hasMessageContaining("holds a finished run");
    }
}
