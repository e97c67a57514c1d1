package dev.scorch.tensor.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.scorch.tensor.io.TensorFiles.hiddenFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ parsing

    @Test
    void parsesEveryKindOfValueToPlainJavaTypes() {
        Object v = Json.parse(" {\"z\": 1, \"a\": -2.5, \"s\": \"x\", \"l\": [true, false, null], \"o\": {}, "
                + "\"e\": []}\n");

        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("z", "a", "s", "l", "o", "e");
        assertThat(m.get("z")).isEqualTo(1L);
        assertThat(m.get("a")).isEqualTo(-2.5);
        assertThat(m.get("s")).isEqualTo("x");
        assertThat(m.get("l")).isEqualTo(Arrays.asList(true, false, null));
        assertThat(m.get("o")).isEqualTo(Map.of());
        assertThat(m.get("e")).isEqualTo(List.of());
    }

    @Test
    void keepsIntegersAsLongsAndEverythingElseAsDoubles() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1e2")).isEqualTo(100.0);
        assertThat(Json.parse("-1.5E-3")).isEqualTo(-0.0015);
        assertThat(Json.parse("0.1")).isEqualTo(0.1);
        assertThat(Json.parse("4.9e-324")).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void decodesEveryEscape() {
        assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \\u0000\""))
                .isEqualTo("q\" b\\ s/ \b\f\n\r\t é 😀 \u0000");
        assertThat(Json.parse("\"raw é 😀\"")).isEqualTo("raw é 😀");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "expected a value, found end of input", 1, 1),
                Arguments.of("   ", "expected a value, found end of input", 1, 4),
                Arguments.of("{", "expected a string key, found end of input", 1, 2),
                Arguments.of("[1,]", "expected a value, found ']'", 1, 4),
                Arguments.of("{\"a\":1,}", "expected a string key, found '}'", 1, 8),
                Arguments.of("{\"a\" 1}", "expected ':' after key \"a\", found '1'", 1, 6),
                Arguments.of("{a:1}", "expected a string key, found 'a'", 1, 2),
                Arguments.of("[1 2]", "expected ',' or ']' in array, found '2'", 1, 4),
                Arguments.of("{\"a\":1 \"b\":2}", "expected ',' or '}' in object, found '\"'", 1, 8),
                Arguments.of("01", "leading zero in number", 1, 1),
                Arguments.of("-", "expected a digit in number, found end of input", 1, 1),
                Arguments.of("1.", "expected a digit after the decimal point, found end of input", 1, 3),
                Arguments.of(".5", "expected a value, found '.'", 1, 1),
                Arguments.of("+1", "expected a value, found '+'", 1, 1),
                Arguments.of("1e", "expected a digit in the exponent, found end of input", 1, 3),
                Arguments.of("1e999", "number 1e999 is out of the range of a double", 1, 1),
                Arguments.of("NaN", "expected a value, found 'N'", 1, 1),
                Arguments.of("tru", "expected a value, found 't'", 1, 1),
                Arguments.of("'a'", "expected a value, found '''", 1, 1),
                Arguments.of("\"abc", "unterminated string", 1, 1),
                Arguments.of("\"a\tb\"", "unescaped control character U+0009 in string", 1, 3),
                Arguments.of("\"\\x\"", "invalid escape '\\x' in string", 1, 2),
                Arguments.of("\"\\u12G4\"", "invalid \\u escape '\\u12G4'", 1, 2),
                Arguments.of("\"\\u12", "incomplete \\u escape", 1, 2),
                Arguments.of("[1] 2", "expected end of input after the value, found '2'", 1, 5),
                Arguments.of("/* c */ 1", "expected a value, found '/'", 1, 1),
                Arguments.of("{\"a\":1,\n \"a\":2}", "duplicate key \"a\"", 2, 2),
                Arguments.of("{\n  \"k\": [\n    1,\n    x\n  ]\n}", "expected a value, found 'x'", 4, 5));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedTextWithThePosition(String text, String problem, int line, int column) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOfSatisfying(Json.ParseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).isEqualTo("Json: " + problem + " at line " + line + ", column "
                            + column + " (offset " + e.offset() + ")");
                });
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper than 512 levels");
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
    }

    // ------------------------------------------------------------------ writing

    @Test
    void writesCompactAndPrettyText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "run-1");
        m.put("steps", 300);
        m.put("lr", 2e-4);
        m.put("losses", new double[] {1.5, 0.25});
        m.put("tags", List.of());
        m.put("ema", Map.of());
        m.put("nested", Map.of("ok", true));
        m.put("none", null);

        assertThat(Json.write(m)).isEqualTo("{\"name\":\"run-1\",\"steps\":300,\"lr\":2.0E-4,\"losses\":[1.5,0.25],"
                + "\"tags\":[],\"ema\":{},\"nested\":{\"ok\":true},\"none\":null}");
        assertThat(Json.writePretty(m)).isEqualTo("""
                {
                  "name": "run-1",
                  "steps": 300,
                  "lr": 2.0E-4,
                  "losses": [
                    1.5,
                    0.25
                  ],
                  "tags": [],
                  "ema": {},
                  "nested": {
                    "ok": true
                  },
                  "none": null
                }""");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.quote("a\"b\\c/\b\f\n\r\t\u0001\u001f é 😀"))
                .isEqualTo("\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f é 😀\"");
    }

    /** A lone surrogate has no UTF-8 form; escaped, it survives a round trip and keeps the file valid UTF-8. */
    @Test
    void escapesLoneSurrogates() {
        String s = "x\ud800y\udc00" + "😀";

        assertThat(Json.quote(s)).isEqualTo("\"x\\ud800y\\udc00😀\"");
        assertThat(Json.parse(Json.quote(s))).isEqualTo(s);
    }

    @Test
    void writesNumbersSoThatTheyReadBackTheSame() {
        assertThat(Json.write(List.of(1, 2L, (short) 3, (byte) 4, 0.1f, 0.1, 1e300, -0.0, 3.0)))
                .isEqualTo("[1,2,3,4,0.1,0.1,1.0E300,-0.0,3.0]");
        assertThat(Json.write(new BigInteger("123456789012345678901234567890"))).isEqualTo(
                "123456789012345678901234567890");
        assertThat(Json.write(new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(Json.parse(Json.write(3.0))).isEqualTo(3.0);
    }

    @Test
    void rejectsValuesJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("JSON has no NaN or Infinity");
        assertThatThrownBy(() -> Json.write(List.of(Float.POSITIVE_INFINITY))).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).hasMessageContaining("object keys must be strings, "
                + "got java.lang.Integer");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageContaining("cannot write a java.lang.Object");
        assertThatThrownBy(() -> Json.write(new java.util.concurrent.atomic.AtomicLong()))
                .hasMessageContaining("cannot write a java.util.concurrent.atomic.AtomicLong");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).hasMessageContaining("does it contain itself?");
    }

    /** Random nested values survive write-then-parse, compact and pretty, including any character in strings. */
    @Test
    void roundTripsRandomValues() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            Object v = randomValue(random, 0);
            assertThat(Json.parse(Json.write(v))).isEqualTo(v);
            assertThat(Json.parse(Json.writePretty(v))).isEqualTo(v);
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> {
                double d = Double.longBitsToDouble(random.nextLong());
                yield Double.isFinite(d) ? d : 0.5;
            }
            case 4 -> randomString(random);
            case 5 -> {
                List<Object> l = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    l.add(randomValue(random, depth + 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    m.put(randomString(random), randomValue(random, depth + 1));
                }
                yield m;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            sb.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ files

    @Test
    void writesAndReadsFilesAtomically() throws IOException {
        Path p = dir.resolve("summary.json");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", 7L);
        m.put("note", "café");

        Json.writeFile(p, m);
        Json.writeFile(p, m);

        assertThat(Files.readString(p)).isEqualTo("{\n  \"seed\": 7,\n  \"note\": \"café\"\n}\n");
        assertThat(Json.read(p)).isEqualTo(m);
        assertThat(hiddenFiles(dir)).isZero();
    }

    @Test
    void namesTheFileInReadErrors() throws IOException {
        Path p = dir.resolve("config.json");
        Files.writeString(p, "{\"a\": 1,\n}");

        assertThatThrownBy(() -> Json.read(p))
                .isInstanceOf(Json.ParseException.class)
                .hasMessage("Json: " + p + ": expected a string key, found '}' at line 2, column 1 (offset 9)");

        Files.write(p, new byte[] {'"', (byte) 0xFF, '"'});
        assertThatThrownBy(() -> Json.read(p)).isInstanceOf(IOException.class).hasMessage(p + ": not valid UTF-8");
    }
}
