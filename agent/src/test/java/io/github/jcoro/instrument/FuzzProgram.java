package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random, valid Java coroutine program for the differential fuzzer ({@link InstrumenterFuzzTest}):
 * a generator (driven by {@code next}, {@code send} or {@code hasNext}) or an async task, with
 * {@code @Coroutine} helpers that call each other recursively, over locals of every primitive type
 * and references. The statements are a tree of {@link Node}s so that a failing program can be shrunk
 * by deleting statements or unwrapping compound ones.
 *
 * <p>Every run terminates and stays far below the harness's limit of yields: each loop iteration and
 * each helper call spends one unit of a static {@code fuel} (the class is loaded afresh for each run,
 * so both runs start with the same fuel). Every name a program declares is unique, so no statement
 * can shadow another's local. Only unchecked exceptions are thrown and caught.
 */
final class FuzzProgram {
    /** A statement: lines of text and nested blocks of statements (the blocks can be shrunk). */
    static final class Node {
        /** Each part is a {@code String} (a line, at this node's indent) or a {@code List<Node>} (a block). */
        final List<Object> parts;

        Node(List<Object> parts) {
            this.parts = parts;
        }

        static Node line(String text) {
            List<Object> parts = new ArrayList<>();
            parts.add(text);
            return new Node(parts);
        }

        @SuppressWarnings("unchecked")
        void render(StringBuilder out, String indent) {
            for (Object part : parts) {
                if (part instanceof String) {
                    out.append(indent).append(part).append('\n');
                } else {
                    for (Node node : (List<Node>) part) {
                        node.render(out, indent + "    ");
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        List<List<Node>> blocks() {
            List<List<Node>> blocks = new ArrayList<>();
            for (Object part : parts) {
                if (part instanceof List) {
                    blocks.add((List<Node>) part);
                }
            }
            return blocks;
        }

        int size() {
            int n = 1;
            for (List<Node> block : blocks()) {
                for (Node node : block) {
                    n += node.size();
                }
            }
            return n;
        }
    }

    /** One method: its fixed head and tail lines around a shrinkable block. */
    static final class MethodBody {
        final List<String> head;
        final List<Node> body;
        final List<String> tail;

        MethodBody(List<String> head, List<Node> body, List<String> tail) {
            this.head = head;
            this.body = body;
            this.tail = tail;
        }
    }

    private static final String[] PRIMITIVES = {"int", "long", "double", "float", "short", "byte", "char", "boolean"};
    private static final String[] REFERENCES = {"String", "Object", "int[]"};
    private static final String[] HELPER_TYPES = {"int", "long", "String", "double"};

    final long seed;
    final boolean task;
    /** The generator's drive: next, send or hasnext (task for a task). */
    final String drive;

    final List<MethodBody> methods = new ArrayList<>();

    private final Random random;
    private int names;
    private final List<String> helperTypes = new ArrayList<>();

    // The scope while generating: visible variables by type, and the enclosing statements.
    private final List<String[]> scope = new ArrayList<>();
    private int loops;
    private boolean inHelper;
    private String returnType;
    private int budget;

    FuzzProgram(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.task = random.nextInt(3) == 0;
        this.drive = task ? "task" : new String[] {"next", "send", "hasnext"}[random.nextInt(3)];
        int helpers = random.nextInt(4);
        for (int i = 0; i < helpers; i++) {
            helperTypes.add(HELPER_TYPES[random.nextInt(HELPER_TYPES.length)]);
        }
        methods.add(body());
        for (int i = 0; i < helpers; i++) {
            methods.add(helper(i));
        }
    }

    String className() {
        return "Fuzz" + Long.toUnsignedString(seed);
    }

    /** @return the program's whole source, with the fixture header lines {@code header} before it */
    String source(List<String> header) {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            out.append("// ").append(line).append('\n');
        }
        if (!drive.equals("next")) {
            out.append("// drive: ").append(drive).append('\n');
        }
        out.append("package fixtures;\n\n")
                .append("import io.github.jcoro.Co;\n")
                .append("import io.github.jcoro.Coroutine;\n")
                .append("import io.github.jcoro.Generator;\n")
                .append("import io.github.jcoro.instrument.fixture.Trace;\n")
                .append("import java.util.concurrent.CompletableFuture;\n\n")
                .append("public class ")
                .append(className())
                .append(" {\n")
                .append("    static int fuel = 300;\n\n");
        if (task) {
            out.append("    public static CompletableFuture<Object> run() {\n        return body(3, 7L);\n    }\n\n");
        } else {
            out.append("    public static Generator<?> run() {\n        return body(3, 7L);\n    }\n\n");
        }
        out.append("    static String clip(String s) {\n")
                .append("        return s.length() > 24 ? s.substring(s.length() - 24) : s;\n    }\n\n")
                .append("    static final class Res implements AutoCloseable {\n")
                .append("        final int id;\n\n")
                .append(
                        "        Res(int id) {\n            this.id = id;\n            Trace.log(\"open \" + id);\n        }\n\n")
                .append("        @Override\n        public void close() {\n            Trace.log(\"close \" + id);\n")
                .append("        }\n    }\n\n");
        if (!task) {
            out.append("    @Coroutine\n    static Generator<Object> sub(int n) {\n")
                    .append("        for (int i = 0; i < n; i++) {\n")
                    .append("            Co.yield(\"sub \" + n + \" \" + i);\n        }\n")
                    .append("        return Generator.empty();\n    }\n\n");
        }
        for (MethodBody method : methods) {
            for (String line : method.head) {
                out.append("    ").append(line).append('\n');
            }
            for (Node node : method.body) {
                node.render(out, "        ");
            }
            for (String line : method.tail) {
                out.append("    ").append(line).append('\n');
            }
            out.append('\n');
        }
        out.append("}\n");
        return out.toString();
    }

    int size() {
        int n = 0;
        for (MethodBody method : methods) {
            for (Node node : method.body) {
                n += node.size();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // Methods

    /** Prints the program of the seed given as the argument. */
    public static void main(String[] args) {
        System.out.print(new FuzzProgram(Long.parseLong(args[0])).source(List.of("seed " + args[0])));
    }

    private MethodBody body() {
        inHelper = false;
        returnType = task ? "task" : "generator";
        scope.clear();
        scope.add(new String[] {"int", "p0", "ro"});
        scope.add(new String[] {"long", "p1", "ro"});
        List<String> head = new ArrayList<>();
        head.add("@Coroutine");
        head.add(
                task
                        ? "static CompletableFuture<Object> body(int p0, long p1) {"
                        : "static Generator<Object> body(int p0, long p1) {");
        List<String> tail = new ArrayList<>();
        declareLocals(head, tail);
        budget = 10 + random.nextInt(50);
        List<Node> block = block(0);
        tail.add("    "
                + (task
                        ? "return CompletableFuture.completedFuture((Object) \"done\");"
                        : "return Generator.empty();"));
        tail.add("}");
        return new MethodBody(head, block, tail);
    }

    private MethodBody helper(int index) {
        inHelper = true;
        returnType = helperTypes.get(index);
        scope.clear();
        scope.add(new String[] {"int", "depth", "ro"});
        scope.add(new String[] {"long", "x", ""});
        List<String> head = new ArrayList<>();
        head.add("@Coroutine");
        head.add("static " + returnType + " h" + index + "(int depth, long x) {");
        head.add("    Trace.log(\"h" + index + " \" + depth + \" \" + x);");
        List<String> tail = new ArrayList<>();
        declareLocals(head, tail);
        budget = 3 + random.nextInt(15);
        List<Node> block = block(0);
        tail.add("    return " + expr(returnType, 2) + ";");
        tail.add("}");
        return new MethodBody(head, block, tail);
    }

    /** One local of every type (and a few more), declared in the head and logged in the tail. */
    private void declareLocals(List<String> head, List<String> tail) {
        List<String> types = new ArrayList<>(List.of(PRIMITIVES));
        types.addAll(List.of(REFERENCES));
        int extra = random.nextInt(4);
        for (int i = 0; i < extra; i++) {
            types.add(PRIMITIVES[random.nextInt(PRIMITIVES.length)]);
        }
        List<String[]> declared = new ArrayList<>();
        for (String type : types) {
            String name = "v" + names++;
            head.add("    " + type + " " + name + " = " + literal(type) + ";");
            String[] variable = {type, name, ""};
            scope.add(variable);
            declared.add(variable);
        }
        StringBuilder log = new StringBuilder("    Trace.log(\"" + (inHelper ? "helper" : "body") + " end\"");
        for (String[] variable : declared) {
            log.append(" + \" \" + ")
                    .append(
                            variable[0].startsWith("int[]") || variable[0].equals("Object")
                                    ? "Trace.format(" + variable[1] + ")"
                                    : variable[1]);
        }
        tail.add(log.append(");").toString());
    }

    // ---------------------------------------------------------------------------------------------
    // Statements

    private List<Node> block(int depth) {
        List<Node> block = new ArrayList<>();
        int count = 1 + random.nextInt(depth == 0 ? 8 : 4);
        int scopeSize = scope.size();
        for (int i = 0; i < count && budget > 0; i++) {
            block.add(statement(depth));
        }
        while (scope.size() > scopeSize) {
            scope.remove(scope.size() - 1);
        }
        return block;
    }

    private Node statement(int depth) {
        budget--;
        boolean compound = depth < (inHelper ? 2 : 3) && random.nextInt(10) < 4;
        if (compound) {
            switch (random.nextInt(11)) {
                case 0:
                    return ifStatement(depth);
                case 1:
                    return forLoop(depth);
                case 2:
                    return whileLoop(depth, false);
                case 3:
                    return whileLoop(depth, true);
                case 4:
                    return intSwitch(depth);
                case 5:
                    return stringSwitch(depth);
                case 6:
                    return tryCatch(depth, false);
                case 7:
                    return tryCatch(depth, true);
                case 8:
                    return tryWithResources(depth);
                case 9:
                    return scopedLocal(depth);
                default:
                    return ifStatement(depth);
            }
        }
        switch (random.nextInt(14)) {
            case 0:
            case 1:
            case 2:
                return suspend();
            case 3:
                return Node.line(callHelperStatement());
            case 4:
                return guarded("throw new IllegalStateException(\"t" + names++ + " \" + " + expr("int", 1) + ");");
            case 5:
                return earlyReturn();
            case 6:
                if (loops > 0) {
                    return guarded(random.nextBoolean() ? "break;" : "continue;");
                }
                return assignment();
            case 7:
                return Node.line("Trace.log(\"L" + names++ + " \" + " + expr(randomType(), 2) + ");");
            case 8:
                return Node.line(variable("int[]")[1] + "[" + expr("int", 1) + " & 3] = " + expr("int", 2) + ";");
            default:
                return assignment();
        }
    }

    private Node suspend() {
        if (task) {
            switch (random.nextInt(4)) {
                case 0:
                    return Node.line("Co.await(Trace.later(" + expr("String", 1) + "));");
                case 1:
                    return Node.line(assignable("String")[1] + " = clip(\"a\" + Co.await(Trace.later(" + expr("int", 1)
                            + ")));");
                case 2:
                    return Node.line("Co.pause();");
                default:
                    return Node.line(assignable("int")[1] + " += Co.await(CompletableFuture.completedFuture("
                            + expr("int", 1) + "));");
            }
        }
        switch (random.nextInt(inHelper ? 3 : 4)) {
            case 0:
                return Node.line("Co.yield(" + expr(randomType(), 2) + ");");
            case 1:
                return Node.line(assignable("Object")[1] + " = Co.yield(" + expr(randomType(), 1) + ");");
            case 2:
                return Node.line("Trace.log(\"sent \" + Co.yield(" + expr("String", 1) + "));");
            default:
                return Node.line("Co.yieldAll(sub(" + expr("int", 1) + " & 3));");
        }
    }

    private String callHelperStatement() {
        if (helperTypes.isEmpty()) {
            return "Trace.log(\"no helper \" + " + expr("long", 1) + ");";
        }
        int index = random.nextInt(helperTypes.size());
        String call = helperCall(index);
        switch (helperTypes.get(index)) {
            case "int":
                return assignable("int")[1] + " += " + call + ";";
            case "long":
                return assignable("long")[1] + " ^= " + call + ";";
            case "double":
                return assignable("double")[1] + " = " + call + " / 3;";
            default:
                return assignable("String")[1] + " = clip(" + call + ");";
        }
    }

    /** A call of helper {@code index}: with depth - 1 inside helpers, so that recursion ends. */
    private String helperCall(int index) {
        String depth = inHelper ? "depth - 1" : Integer.toString(random.nextInt(3));
        String guard = inHelper ? "depth > 0 && " : "";
        String zero = zero(helperTypes.get(index));
        return "(" + guard + "--fuel > 0 ? h" + index + "(" + depth + ", " + expr("long", 1) + ") : " + zero + ")";
    }

    private static String zero(String type) {
        switch (type) {
            case "int":
                return "0";
            case "long":
                return "0L";
            case "double":
                return "0.0";
            default:
                return "\"\"";
        }
    }

    private Node earlyReturn() {
        String value;
        switch (returnType) {
            case "generator":
                value = "Generator.empty()";
                break;
            case "task":
                value = "CompletableFuture.completedFuture((Object) (\"early \" + " + expr("int", 1) + "))";
                break;
            default:
                value = expr(returnType, 1);
        }
        List<Object> parts = new ArrayList<>();
        parts.add("if (" + condition() + ") {");
        parts.add("    Trace.log(\"return " + names++ + "\");");
        parts.add("    return " + value + ";");
        parts.add("}");
        return new Node(parts);
    }

    private Node guarded(String jump) {
        List<Object> parts = new ArrayList<>();
        parts.add("if (" + condition() + ") {");
        parts.add("    " + jump);
        parts.add("}");
        return new Node(parts);
    }

    /** A condition that is not a constant, so that javac never sees dead code. */
    private String condition() {
        return "(" + expr("boolean", 2) + ")";
    }

    private Node assignment() {
        String[] variable = assignable(randomPrimitiveOrString());
        String name = variable[1];
        String type = variable[0];
        switch (type) {
            case "boolean":
                return Node.line(name + " = " + expr("boolean", 2) + ";");
            case "String":
                return Node.line(name + " = clip(" + name + " + " + expr(randomType(), 2) + ");");
            case "Object":
                return Node.line(name + " = " + expr("Object", 2) + ";");
            default:
                break;
        }
        switch (random.nextInt(6)) {
            case 0:
                return Node.line(name + (random.nextBoolean() ? "++;" : "--;"));
            case 1:
                return Node.line(name + " += " + expr(random.nextBoolean() ? "int" : type, 2) + ";");
            case 2:
                return Node.line(name + " *= " + expr(type, 1) + ";");
            case 3:
                return Node.line(name + " -= " + expr("long", 1) + ";");
            default:
                return Node.line(name + " = " + cast(type, expr(type, 2)) + ";");
        }
    }

    private Node ifStatement(int depth) {
        List<Object> parts = new ArrayList<>();
        parts.add("if (" + condition() + ") {");
        parts.add(block(depth + 1));
        if (random.nextBoolean()) {
            parts.add("} else {");
            parts.add(block(depth + 1));
        }
        parts.add("}");
        return new Node(parts);
    }

    private Node forLoop(int depth) {
        String k = "k" + names++;
        List<Object> parts = new ArrayList<>();
        parts.add("for (int " + k + " = 0; " + k + " < " + (2 + random.nextInt(3)) + " && --fuel > 0; " + k + "++) {");
        scope.add(new String[] {"int", k, "ro"});
        loops++;
        parts.add(block(depth + 1));
        loops--;
        scope.remove(scope.size() - 1);
        parts.add("}");
        return new Node(parts);
    }

    private Node whileLoop(int depth, boolean doWhile) {
        String w = "w" + names++;
        String condition = w + " < " + (2 + random.nextInt(3)) + " && --fuel > 0";
        List<Object> parts = new ArrayList<>();
        parts.add("int " + w + " = 0;");
        parts.add(doWhile ? "do {" : "while (" + condition + ") {");
        parts.add("    " + w + "++;");
        scope.add(new String[] {"int", w, "ro"});
        loops++;
        parts.add(block(depth + 1));
        loops--;
        parts.add(doWhile ? "} while (" + condition + ");" : "}");
        // w stays in scope (read only) after the loop, as in Java
        return new Node(parts);
    }

    private Node intSwitch(int depth) {
        List<Object> parts = new ArrayList<>();
        parts.add("switch (" + expr("int", 1) + " & 7) {");
        int cases = 1 + random.nextInt(4);
        int value = 0;
        for (int i = 0; i < cases; i++) {
            value += 1 + random.nextInt(3);
            parts.add("    case " + value + ": {");
            parts.add(block(depth + 1));
            parts.add(random.nextInt(3) == 0 ? "    }" : "    }\n            break;".replace("\n            ", "\n"));
        }
        if (random.nextBoolean()) {
            parts.add("    default: {");
            parts.add(block(depth + 1));
            parts.add("    }");
        }
        parts.add("}");
        return fixBreaks(parts);
    }

    private Node stringSwitch(int depth) {
        List<Object> parts = new ArrayList<>();
        parts.add("switch (\"s\" + (" + expr("int", 1) + " & 3)) {");
        int cases = 1 + random.nextInt(3);
        for (int i = 0; i < cases; i++) {
            parts.add("    case \"s" + i + "\": {");
            parts.add(block(depth + 1));
            parts.add("    }");
            if (random.nextBoolean()) {
                parts.add("    break;");
            }
        }
        parts.add("    default:");
        parts.add("        Trace.log(\"default\");");
        parts.add("}");
        return new Node(parts);
    }

    /** Splits the "}\nbreak;" parts of {@link #intSwitch} into two lines. */
    private static Node fixBreaks(List<Object> parts) {
        List<Object> fixed = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String && ((String) part).contains("\n")) {
                fixed.add("    }");
                fixed.add("    break;");
            } else {
                fixed.add(part);
            }
        }
        return new Node(fixed);
    }

    private Node tryCatch(int depth, boolean withFinally) {
        List<Object> parts = new ArrayList<>();
        parts.add("try {");
        parts.add(block(depth + 1));
        boolean catches = !withFinally || random.nextBoolean();
        if (catches) {
            String e = "e" + names++;
            String[] types = {
                "ArithmeticException",
                "IllegalStateException",
                "ArithmeticException | IllegalStateException",
                "RuntimeException",
                "ArrayIndexOutOfBoundsException | ArithmeticException"
            };
            parts.add("} catch (" + types[random.nextInt(types.length)] + " " + e + ") {");
            parts.add("    Trace.log(\"caught \" + " + e + ".getMessage());");
            scope.add(new String[] {"Throwable", e, "ro"});
            parts.add(block(depth + 1));
            scope.remove(scope.size() - 1);
        }
        if (withFinally) {
            parts.add("} finally {");
            parts.add("    Trace.log(\"finally " + names++ + "\");");
            parts.add(block(depth + 1));
        }
        parts.add("}");
        return new Node(parts);
    }

    private Node tryWithResources(int depth) {
        String r = "r" + names++;
        List<Object> parts = new ArrayList<>();
        parts.add("try (Res " + r + " = new Res(" + expr("int", 1) + ")) {");
        parts.add(block(depth + 1));
        if (random.nextBoolean()) {
            String e = "e" + names++;
            parts.add("} catch (IllegalStateException " + e + ") {");
            parts.add("    Trace.log(\"twr caught \" + " + e + ".getMessage());");
            parts.add(block(depth + 1));
        }
        parts.add("}");
        return new Node(parts);
    }

    private Node scopedLocal(int depth) {
        String type = random.nextBoolean() ? PRIMITIVES[random.nextInt(PRIMITIVES.length)] : "String";
        String name = "t" + names++;
        List<Object> parts = new ArrayList<>();
        parts.add("{");
        parts.add("    " + type + " " + name + " = " + expr(type, 2) + ";");
        scope.add(new String[] {type, name, ""});
        parts.add(block(depth + 1));
        scope.remove(scope.size() - 1);
        parts.add("    Trace.log(\"" + name + " \" + " + name + ");");
        parts.add("}");
        return new Node(parts);
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions

    private String randomType() {
        String[] all = {"int", "long", "double", "float", "short", "byte", "char", "boolean", "String", "Object"};
        return all[random.nextInt(all.length)];
    }

    private String randomPrimitiveOrString() {
        String[] all = {
            "int", "int", "long", "long", "double", "float", "short", "byte", "char", "boolean", "String", "Object"
        };
        return all[random.nextInt(all.length)];
    }

    /** A visible variable of {@code type} (every method declares one of each). */
    private String[] variable(String type) {
        List<String[]> found = new ArrayList<>();
        for (String[] variable : scope) {
            if (variable[0].equals(type)) {
                found.add(variable);
            }
        }
        return found.get(random.nextInt(found.size()));
    }

    private String[] assignable(String type) {
        List<String[]> found = new ArrayList<>();
        for (String[] variable : scope) {
            if (variable[0].equals(type) && variable[2].isEmpty()) {
                found.add(variable);
            }
        }
        return found.get(random.nextInt(found.size()));
    }

    private static String cast(String type, String expression) {
        switch (type) {
            case "short":
            case "byte":
            case "char":
            case "float":
            case "int":
            case "long":
                return "(" + type + ") (" + expression + ")";
            default:
                return expression;
        }
    }

    /** A suspension as an expression of {@code int} type (values on the operand stack around it). */
    private String suspendingInt() {
        if (task) {
            return random.nextBoolean()
                    ? "((int) Co.await(CompletableFuture.completedFuture((int) (" + expr("int", 0) + "))))"
                    : "((int) Co.await(Trace.later((int) (" + expr("int", 0) + "))))";
        }
        return "(Co.yield(" + expr("int", 0) + ") == null ? " + expr("int", 0) + " : 5)";
    }

    String expr(String type, int depth) {
        int choice = random.nextInt(depth <= 0 ? 3 : 9);
        switch (type) {
            case "int":
                switch (choice) {
                    case 0:
                        return literalInt();
                    case 1:
                    case 2:
                        return variable(new String[] {"int", "int", "short", "byte", "char"}[random.nextInt(5)])[1];
                    case 3: {
                        String[] ops = {"+", "-", "*", "^", "&", "|", "<<", ">>", ">>>"};
                        return "(" + expr("int", depth - 1) + " " + ops[random.nextInt(ops.length)] + " "
                                + expr("int", depth - 1) + ")";
                    }
                    case 4:
                        return "(" + expr("int", depth - 1) + (random.nextBoolean() ? " / " : " % ")
                                + (random.nextInt(4) == 0 ? expr("int", 0) : "(" + expr("int", depth - 1) + " | 1)")
                                + ")";
                    case 5:
                        return "(int) " + expr(random.nextBoolean() ? "long" : "double", depth - 1);
                    case 6:
                        return random.nextBoolean()
                                ? expr("String", depth - 1) + ".length()"
                                : variable("int[]")[1] + "[" + expr("int", depth - 1) + " & 3]";
                    case 7:
                        return "(" + expr("boolean", depth - 1) + " ? " + expr("int", depth - 1) + " : "
                                + expr("int", depth - 1) + ")";
                    default:
                        if (random.nextInt(3) == 0 && !helperTypes.isEmpty()) {
                            int index = helperTypes.indexOf("int");
                            if (index >= 0) {
                                return helperCall(index);
                            }
                        }
                        return random.nextInt(3) == 0
                                ? "Integer.rotateLeft(" + expr("int", 0) + ", 3)"
                                : suspendingInt();
                }
            case "long":
                switch (choice) {
                    case 0:
                        return new String[] {"0L", "1L", "-1L", "Long.MAX_VALUE", "Long.MIN_VALUE", "123456789012L"}
                                [random.nextInt(6)];
                    case 1:
                    case 2:
                        return variable(random.nextBoolean() ? "long" : "int")[1];
                    case 3:
                    case 4: {
                        String[] ops = {"+", "-", "*", "^", "&", "|", "<<", ">>>"};
                        return "(" + expr("long", depth - 1) + " " + ops[random.nextInt(ops.length)] + " "
                                + expr(random.nextBoolean() ? "long" : "int", depth - 1) + ")";
                    }
                    case 5:
                        return "(long) " + expr("double", depth - 1);
                    case 6:
                        return "(" + expr("long", depth - 1) + " / (" + expr("long", depth - 1) + " | 1L))";
                    default:
                        return "((long) " + suspendingInt() + " * 3L)";
                }
            case "double":
                switch (choice) {
                    case 0:
                        return new String[] {"0.0", "-0.0", "1.5", "(0.0 / 0.0)", "Double.MAX_VALUE", "1e-300"}
                                [random.nextInt(6)];
                    case 1:
                    case 2:
                        return variable(new String[] {"double", "float", "int", "long"}[random.nextInt(4)])[1];
                    case 3:
                    case 4: {
                        String[] ops = {"+", "-", "*", "/", "%"};
                        return "(" + expr("double", depth - 1) + " " + ops[random.nextInt(ops.length)] + " "
                                + expr("double", depth - 1) + ")";
                    }
                    case 5:
                        return "Math.sqrt(Math.abs(" + expr("double", depth - 1) + "))";
                    default:
                        return "(" + suspendingInt() + " * 0.5)";
                }
            case "float":
                switch (choice) {
                    case 0:
                        return new String[] {"0.0f", "2.5f", "-1f", "Float.MIN_VALUE", "(0f / 0f)"}[random.nextInt(5)];
                    case 1:
                    case 2:
                        return variable(random.nextBoolean() ? "float" : "int")[1];
                    case 3:
                        return "(float) " + expr("double", depth - 1);
                    default:
                        return "(" + expr("float", depth - 1) + " * " + expr("float", depth - 1) + ")";
                }
            case "short":
            case "byte":
            case "char":
                if (choice < 2) {
                    return variable(type)[1];
                }
                return "(" + type + ") " + (choice == 2 ? literalInt() : "(" + expr("int", depth - 1) + ")");
            case "boolean":
                switch (choice) {
                    case 0:
                        return variable("boolean")[1];
                    case 1:
                    case 2: {
                        String[] ops = {"<", "<=", ">", ">=", "==", "!="};
                        String t = new String[] {"int", "long", "double", "char"}[random.nextInt(4)];
                        return "(" + expr(t, depth - 1) + " " + ops[random.nextInt(ops.length)] + " "
                                + expr(t, depth - 1) + ")";
                    }
                    case 3:
                        return "!" + variable("boolean")[1];
                    case 4:
                        return "(" + expr("boolean", depth - 1) + (random.nextBoolean() ? " && " : " || ")
                                + expr("boolean", depth - 1) + ")";
                    case 5:
                        return "(" + variable("Object")[1]
                                + (random.nextBoolean() ? " instanceof String)" : " == null)");
                    case 6:
                        return expr("String", depth - 1) + ".isEmpty()";
                    default:
                        return "((" + expr("int", depth - 1) + " & 1) == 0)";
                }
            case "String":
                switch (choice) {
                    case 0:
                        return new String[] {"\"\"", "\"a\"", "\"xyz\"", "\"s" + random.nextInt(100) + "\""}
                                [random.nextInt(4)];
                    case 1:
                    case 2:
                        return variable("String")[1];
                    case 3:
                    case 4:
                        return "(\"\" + " + expr(randomType(), depth - 1) + ")";
                    case 5:
                        return "String.valueOf((Object) (" + expr(randomType(), depth - 1) + "))";
                    case 6: {
                        for (String[] variable : scope) {
                            if (variable[0].equals("Throwable") && random.nextBoolean()) {
                                return "String.valueOf(" + variable[1] + ".getMessage())";
                            }
                        }
                        return "clip(" + expr("String", depth - 1) + " + " + expr("String", depth - 1) + ")";
                    }
                    default:
                        if (task) {
                            return "Co.await(Trace.later(" + expr("String", 0) + "))";
                        }
                        return "String.valueOf((Object) Co.yield(" + expr("String", 0) + "))";
                }
            case "Object":
                switch (choice) {
                    case 0:
                        return "null";
                    case 1:
                    case 2:
                        return variable(random.nextBoolean() ? "Object" : "String")[1];
                    case 3:
                        return "(Object) (" + expr("int", depth - 1) + ")";
                    case 4:
                        return "(Object) (" + expr("double", depth - 1) + ")";
                    case 5:
                        return "Long.valueOf(" + expr("long", depth - 1) + ")";
                    default:
                        return task
                                ? "Co.await(Trace.later((Object) (" + expr("long", 0) + ")))"
                                : "Co.yield(" + expr("int", 0) + ")";
                }
            case "int[]":
                return "new int[] {" + expr("int", 0) + ", " + expr("int", 0) + ", " + expr("int", 0) + ", "
                        + expr("int", 0) + "}";
            default:
                throw new IllegalArgumentException(type);
        }
    }

    private String literal(String type) {
        switch (type) {
            case "int":
                return literalInt();
            case "long":
                return random.nextInt(100) + "L";
            case "double":
                return random.nextInt(100) + ".25";
            case "float":
                return random.nextInt(100) + ".5f";
            case "short":
            case "byte":
                return "(" + type + ") " + random.nextInt(100);
            case "char":
                return "'" + (char) ('a' + random.nextInt(26)) + "'";
            case "boolean":
                return Boolean.toString(random.nextBoolean());
            case "String":
                return "\"i" + random.nextInt(10) + "\"";
            case "Object":
                return random.nextBoolean() ? "null" : "\"o\"";
            default:
                return "new int[] {1, 2, 3, " + random.nextInt(10) + "}";
        }
    }

    private String literalInt() {
        switch (random.nextInt(6)) {
            case 0:
                return "Integer.MAX_VALUE";
            case 1:
                return "Integer.MIN_VALUE";
            case 2:
                return "0";
            default:
                return Integer.toString(random.nextInt(200) - 50);
        }
    }
}
