package io.qsredis.model.schema;

import io.qsredis.model.validation.Violation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The CRD's CEL rules ({@code x-kubernetes-validations}), evaluated as the API server evaluates them, for the part of
 * CEL that our CRDs use: {@code self} and its fields, {@code has(...)}, integer, boolean and string literals,
 * {@code ! && ||}, {@code + - * / %} on integers and the comparisons. A rule outside that part is refused when its
 * schema is loaded ({@link #compileAll}), as a real API server refuses a CRD whose rule does not compile, so that no
 * rule is skipped in silence.
 */
final class CelRule {

    private static final Map<String, Function<JsonNode, Object>> COMPILED = new ConcurrentHashMap<>();

    private CelRule() {}

    /**
     * Compiles every rule of the schema and says how many there are.
     *
     * @throws IllegalArgumentException naming a rule outside the supported part
     */
    static int compileAll(JsonNode schema) {
        int[] rules = {0};
        walkSchema(schema, "", (path, rule) -> {
            compile(rule.path("rule").asString(""), path);
            rules[0]++;
        });
        return rules[0];
    }

    /** Whether {@code self} passes {@code rule}. @throws IllegalArgumentException for a rule outside the supported part */
    static boolean holds(String rule, JsonNode self) {
        return Boolean.TRUE.equals(compile(rule, "").apply(self));
    }

    /** Every rule of the schema that the resource breaks, as the API server reports it. */
    static List<Violation> validate(JsonNode resource, JsonNode schema) {
        List<Violation> violations = new ArrayList<>();
        check("", resource, schema, violations);
        return violations;
    }

    private static void check(String path, JsonNode value, JsonNode schema, List<Violation> out) {
        if (schema == null || schema.isMissingNode() || value == null || value.isNull()) {
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            if (!holds(rule.path("rule").asString(""), value)) {
                String message = rule.has("message") ? rule.get("message").asString() : "failed rule: " + rule.path("rule").asString();
                out.add(Violation.error(path, "Invalid value: \"" + CrdSchemaValidator.typeOf(value) + "\": " + message));
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode fieldSchema = properties.has(field.getKey()) ? properties.get(field.getKey()) : schema.path("additionalProperties");
                check(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), fieldSchema, out);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", value.get(i), schema.path("items"), out);
            }
        }
    }

    private interface RuleVisitor {
        void visit(String path, JsonNode rule);
    }

    private static void walkSchema(JsonNode schema, String path, RuleVisitor visitor) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        schema.path("x-kubernetes-validations").forEach(rule -> visitor.visit(path, rule));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            walkSchema(property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), visitor);
        }
        walkSchema(schema.path("items"), path + "[]", visitor);
        walkSchema(schema.path("additionalProperties"), path + "{}", visitor);
    }

    private static Function<JsonNode, Object> compile(String rule, String path) {
        return COMPILED.computeIfAbsent(rule, text -> {
            Parser parser = new Parser(text, path);
            Function<JsonNode, Object> expression = parser.or();
            parser.expectEnd();
            return expression;
        });
    }

    /** Recursive descent over CEL's precedence: {@code ||}, {@code &&}, relations, {@code + -}, {@code * / %}, unary. */
    private static final class Parser {
        private final String text;
        private final String path;
        private int at;

        Parser(String text, String path) {
            this.text = text;
            this.path = path;
        }

        Function<JsonNode, Object> or() {
            Function<JsonNode, Object> left = and();
            while (accept("||")) {
                Function<JsonNode, Object> l = left;
                Function<JsonNode, Object> r = and();
                left = self -> bool(l.apply(self)) || bool(r.apply(self));
            }
            return left;
        }

        private Function<JsonNode, Object> and() {
            Function<JsonNode, Object> left = relation();
            while (accept("&&")) {
                Function<JsonNode, Object> l = left;
                Function<JsonNode, Object> r = relation();
                left = self -> bool(l.apply(self)) && bool(r.apply(self));
            }
            return left;
        }

        private Function<JsonNode, Object> relation() {
            Function<JsonNode, Object> left = sum();
            for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (accept(operator)) {
                    Function<JsonNode, Object> right = sum();
                    return self -> compare(operator, left.apply(self), right.apply(self));
                }
            }
            return left;
        }

        private Function<JsonNode, Object> sum() {
            Function<JsonNode, Object> left = product();
            while (true) {
                String operator = accept("+") ? "+" : accept("-") ? "-" : null;
                if (operator == null) {
                    return left;
                }
                left = arithmetic(operator, left, product());
            }
        }

        private Function<JsonNode, Object> product() {
            Function<JsonNode, Object> left = unary();
            while (true) {
                String operator = accept("*") ? "*" : accept("/") ? "/" : accept("%") ? "%" : null;
                if (operator == null) {
                    return left;
                }
                left = arithmetic(operator, left, unary());
            }
        }

        private Function<JsonNode, Object> unary() {
            if (accept("!")) {
                Function<JsonNode, Object> operand = unary();
                return self -> !bool(operand.apply(self));
            }
            if (accept("-")) {
                Function<JsonNode, Object> operand = unary();
                return self -> -integer(operand.apply(self));
            }
            return primary();
        }

        private Function<JsonNode, Object> primary() {
            skipSpaces();
            if (accept("(")) {
                Function<JsonNode, Object> inner = or();
                expect(")");
                return inner;
            }
            if (at < text.length() && Character.isDigit(text.charAt(at))) {
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                long value = Long.parseLong(text.substring(start, at));
                return self -> value;
            }
            if (at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'')) {
                char quote = text.charAt(at);
                int end = text.indexOf(quote, at + 1);
                if (end < 0) {
                    throw unsupported();
                }
                String value = text.substring(at + 1, end);
                at = end + 1;
                return self -> value;
            }
            String word = identifier();
            switch (word) {
                case "true":
                    return self -> true;
                case "false":
                    return self -> false;
                case "has":
                    expect("(");
                    List<String> fields = selection();
                    expect(")");
                    if (fields.isEmpty()) {
                        throw unsupported();
                    }
                    return self -> {
                        JsonNode parent = select(self, fields.subList(0, fields.size() - 1));
                        return parent != null && parent.isObject() && parent.has(fields.get(fields.size() - 1));
                    };
                case "self":
                    List<String> path = fieldsAfterSelf();
                    return self -> value(select(self, path));
                default:
                    throw unsupported();
            }
        }

        private List<String> selection() {
            if (!identifier().equals("self")) {
                throw unsupported();
            }
            return fieldsAfterSelf();
        }

        private List<String> fieldsAfterSelf() {
            List<String> fields = new ArrayList<>();
            while (accept(".")) {
                fields.add(identifier());
            }
            return fields;
        }

        private String identifier() {
            skipSpaces();
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw unsupported();
            }
            return text.substring(start, at);
        }

        private boolean accept(String token) {
            skipSpaces();
            if (!text.startsWith(token, at)) {
                return false;
            }
            // "<" and ">" must not take the first half of "<=" and ">=", nor "!" that of "!=".
            if (token.length() == 1 && "<>!=".contains(token) && text.startsWith("=", at + 1)) {
                return false;
            }
            at += token.length();
            return true;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw unsupported();
            }
        }

        void expectEnd() {
            skipSpaces();
            if (at != text.length()) {
                throw unsupported();
            }
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException unsupported() {
            return new IllegalArgumentException("CEL rule " + text + (path.isEmpty() ? "" : " at " + path)
                    + " is outside the part of CEL this project evaluates (at character " + at + ")");
        }

        private static Function<JsonNode, Object> arithmetic(String operator, Function<JsonNode, Object> left, Function<JsonNode, Object> right) {
            return self -> {
                long l = integer(left.apply(self));
                long r = integer(right.apply(self));
                return switch (operator) {
                    case "+" -> l + r;
                    case "-" -> l - r;
                    case "*" -> l * r;
                    case "/" -> l / r;
                    default -> l % r;
                };
            };
        }
    }

    private static JsonNode select(JsonNode self, List<String> fields) {
        JsonNode node = self;
        for (String field : fields) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(field);
        }
        return node;
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isString()) {
            return node.asString();
        }
        return node;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("CEL: not a bool: " + value);
    }

    private static long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("CEL: not an int: " + value);
    }

    private static boolean compare(String operator, Object left, Object right) {
        if (operator.equals("==")) {
            return Objects.equals(left, right);
        }
        if (operator.equals("!=")) {
            return !Objects.equals(left, right);
        }
        int order = Long.compare(integer(left), integer(right));
        return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }
}
