package dev.scorch.tensor.io;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for file headers, configs and run summaries.
 *
 * <p>Parsed values map to plain Java types:
 * <pre>
 *   object  → LinkedHashMap&lt;String, Object&gt;   (key order as in the text)
 *   array   → ArrayList&lt;Object&gt;
 *   number  → Long when written without fraction or exponent and within the range of a long, else Double
 *   string  → String
 *   true / false → Boolean,   null → null
 * </pre>
 *
 * <p>Strict means: exactly one value with only whitespace around it, no comments, no trailing commas, no single
 * quotes, no leading zeros, no NaN or Infinity, no unescaped control characters in strings, and no duplicate keys in
 * an object (RFC 8259 §4 leaves duplicates undefined; a reader that silently kept one of them could hide a corrupt
 * file). Errors name what was expected and where, as line, column and character offset.
 *
 * <p>The writer accepts {@link Map} (string keys), {@link Iterable}, Java arrays, {@link CharSequence}, {@link Number},
 * {@link Boolean} and null. Non-finite floating-point numbers are rejected because JSON cannot represent them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259: The JavaScript Object Notation (JSON) Data
 *      Interchange Format</a>
 */
public final class Json {
    /** Deeper nesting is rejected, so that hostile input cannot overflow the stack and a cycle cannot loop forever. */
    static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Thrown for malformed JSON text, with the position of the problem. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String problem;
        private final int offset;
        private final int line;
        private final int column;

        ParseException(String source, String problem, int offset, int line, int column) {
            super("Json: " + (source == null ? "" : source + ": ") + problem + " at line " + line + ", column "
                    + column + " (offset " + offset + ")");
            this.problem = problem;
            this.offset = offset;
            this.line = line;
            this.column = column;
        }

        /** What is wrong, without the position. */
        public String problem() {
            return problem;
        }

        /** Zero-based character offset of the problem. */
        public int offset() {
            return offset;
        }

        /** One-based line of the problem. */
        public int line() {
            return line;
        }

        /** One-based column of the problem. */
        public int column() {
            return column;
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses one JSON value.
     *
     * @throws ParseException when {@code text} is not exactly one valid JSON value
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("expected end of input after the value, found " + p.describe(p.pos));
        }
        return value;
    }

    /**
     * Reads and parses a UTF-8 JSON file.
     *
     * @throws IOException    when the file cannot be read or is not valid UTF-8
     * @throws ParseException when the text is not valid JSON; the message names the file
     */
    public static Object read(Path file) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8", e);
        }
        try {
            return parse(text);
        } catch (ParseException e) {
            throw new ParseException(file.toString(), e.problem(), e.offset(), e.line(), e.column());
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth >= MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= s.length()) {
                throw error("expected a value, found end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("expected a value, found " + describe(pos));
                }
            };
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key, found " + describe(pos));
                }
                int keyPos = pos;
                String key = string();
                if (map.containsKey(key)) {
                    throw errorAt(keyPos, "duplicate key " + quote(key));
                }
                skipWhitespace();
                expect(':', "':' after key " + quote(key));
                skipWhitespace();
                map.put(key, value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in object, found " + describe(pos));
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in array, found " + describe(pos));
                }
            }
        }

        private String string() {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw errorAt(start, "unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("unescaped control character " + describe(pos) + " in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= s.length()) {
                    throw errorAt(start, "unterminated string");
                }
                char e = s.charAt(pos + 1);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append(hex4(pos + 2));
                        pos += 4;
                    }
                    default -> throw error("invalid escape '\\" + e + "' in string");
                }
                pos += 2;
            }
        }

        private char hex4(int at) {
            if (at + 4 > s.length()) {
                throw errorAt(at - 2, "incomplete \\u escape");
            }
            int v = 0;
            for (int i = at; i < at + 4; i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    throw errorAt(at - 2, "invalid \\u escape '" + s.substring(at - 2, at + 4) + "'");
                }
                v = v * 16 + d;
            }
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw errorAt(start, "leading zero in number");
                }
            } else if (!digits()) {
                throw errorAt(start, "expected a digit in number, found " + describe(pos));
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!digits()) {
                    throw error("expected a digit after the decimal point, found " + describe(pos));
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!digits()) {
                    throw error("expected a digit in the exponent, found " + describe(pos));
                }
            }
            String text = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    // Out of the long range: fall through to the double, as JavaScript and Python's float() would.
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw errorAt(start, "number " + text + " is out of the range of a double");
            }
            return d;
        }

        private boolean digits() {
            int start = pos;
            while (isDigit(peek())) {
                pos++;
            }
            return pos > start;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("expected a value, found " + describe(pos));
            }
            pos += word.length();
            return value;
        }

        private void expect(char c, String what) {
            if (peek() != c) {
                throw error("expected " + what + ", found " + describe(pos));
            }
            pos++;
        }

        /** The character at the cursor, or 0 at the end (0 is never valid outside strings). */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        String describe(int at) {
            if (at >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(at);
            return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        ParseException error(String problem) {
            return errorAt(pos, problem);
        }

        ParseException errorAt(int at, String problem) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new ParseException(null, problem, at, line, at - lineStart + 1);
        }
    }

    // ------------------------------------------------------------------ writing

    /** The value as compact JSON (no whitespace). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, null).value(value, 0);
        return sb.toString();
    }

    /** The value as JSON indented by two spaces per level, one member or element per line. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, "  ").value(value, 0);
        return sb.toString();
    }

    /**
     * Writes the value pretty-printed, with a final newline, as UTF-8 to {@code file}, atomically: the file either
     * keeps its old contents or has the new ones in full.
     */
    public static void writeFile(Path file, Object value) throws IOException {
        byte[] bytes = (writePretty(value) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, channel -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        });
    }

    /** {@code s} as a quoted JSON string: quote, backslash and control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendString(sb, s);
        return sb.toString();
    }

    private static void appendString(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // NOTE: a lone surrogate has no UTF-8 encoding; escaping it keeps the file valid UTF-8 and the
                    // string intact for readers that accept it.
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean isLoneSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private record Writer(StringBuilder sb, String indent) {

        void value(Object v, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException("Json: value nested deeper than " + MAX_DEPTH
                        + " levels (does it contain itself?)");
            }
            if (v == null) {
                sb.append("null");
            } else if (v instanceof CharSequence cs) {
                appendString(sb, cs);
            } else if (v instanceof Boolean b) {
                sb.append(b.booleanValue());
            } else if (v instanceof Number n) {
                number(n);
            } else if (v instanceof Map<?, ?> m) {
                object(m, depth);
            } else if (v instanceof Iterable<?> it) {
                List<Object> items = new ArrayList<>();
                it.forEach(items::add);
                array(items, depth);
            } else if (v.getClass().isArray()) {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < Array.getLength(v); i++) {
                    items.add(Array.get(v, i));
                }
                array(items, depth);
            } else {
                throw new IllegalArgumentException("Json: cannot write a " + v.getClass().getName()
                        + " (expected Map, Iterable, array, CharSequence, Number, Boolean or null)");
            }
        }

        private void number(Number n) {
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("Json: cannot write " + n + " (JSON has no NaN or Infinity)");
                }
                // Float.toString gives the shortest decimal that reads back as the same float (0.1f -> "0.1").
                sb.append(n);
            } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                    || n instanceof BigInteger || n instanceof BigDecimal) {
                sb.append(n);
            } else {
                throw new IllegalArgumentException("Json: cannot write a " + n.getClass().getName()
                        + " (expected Long, Integer, Short, Byte, Double, Float, BigInteger or BigDecimal)");
            }
        }

        private void object(Map<?, ?> m, int depth) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("Json: object keys must be strings, got "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(depth + 1);
                appendString(sb, key);
                sb.append(indent == null ? ":" : ": ");
                value(e.getValue(), depth + 1);
            }
            newline(depth);
            sb.append('}');
        }

        private void array(List<Object> items, int depth) {
            if (items.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(depth + 1);
                value(items.get(i), depth + 1);
            }
            newline(depth);
            sb.append(']');
        }

        private void newline(int depth) {
            if (indent != null) {
                sb.append('\n');
                sb.append(indent.repeat(depth));
            }
        }
    }
}
