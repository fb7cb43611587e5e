package com.accounthealth.webapi;

import com.accounthealth.eventstore.DatabaseFaults;
import com.accounthealth.eventstore.DatabaseWrites;
import com.accounthealth.webapi.IdempotentRequests.Answer;
import com.accounthealth.webapi.IdempotentRequests.Keyed;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A bulk import as NDJSON: one command a line, each a JSON object with its own {@code idempotencyKey}. The body is read
 * as it arrives, a chunk of lines at a time, and each chunk is applied in one transaction. The answer (a result a line,
 * in line order, then a summary line) is sent once the body has been read: an HTTP/1.1 client sends its whole body
 * before it reads the answer, so answering while reading would stall both once the socket buffers fill. Meanwhile the
 * results wait in a temporary file, not in memory. Sending the same file again after an interruption resumes it: lines
 * already applied answer as they did, with {@code replayed: true}, and change nothing. Chunks run one after another:
 * two side by side measured no faster on 2 cores, where the database and the broker share the CPU.
 */
@ApplicationScoped
public class BulkImport {

    private static final Logger LOG = Logger.getLogger(BulkImport.class);
    public static final String MEDIA_TYPE = "application/x-ndjson";

    @ConfigMapping(prefix = "api.import")
    public interface Settings {
        /** Lines applied in one transaction: larger chunks write faster and hold their streams' locks longer. */
        @WithDefault("500")
        int chunkSize();

        /** The longest line accepted, in bytes (a single request's body limit is of the same order). */
        @WithDefault("65536")
        int maxLineBytes();

        /** Imports one instance runs at once; more are answered 503 with Retry-After. */
        @WithDefault("2")
        int maxConcurrent();

        /** Failed lines after which an import stops reading (its answers would be mostly problems). */
        @WithDefault("1000")
        int maxFailedLines();

        /** The largest import body, in bytes. */
        @WithDefault("1073741824")
        long maxBodySize();
    }

    /** A line of the import: its number (from 1), its key, and the whole JSON object. */
    public record Line(int number, String idempotencyKey, ObjectNode fields) {

        /** Refuses a property the line's commands do not know. */
        public void requireOnly(Set<String> known) {
            fields.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    throw ProblemException.badField(name, "is not a known property of a line");
                }
            });
        }

        /** A text property, null if absent; refused where the command does not take it ({@code allowed}). */
        public String text(String field, boolean allowed, boolean required) {
            JsonNode value = fields.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw ProblemException.badField(field, "is required for this command");
                }
                return null;
            }
            if (!allowed) {
                throw ProblemException.badField(field, "is not taken by this command");
            }
            if (!value.isTextual()) {
                throw ProblemException.badField(field, "must be a string");
            }
            return value.asText();
        }

        /** An id the command takes ({@code required}: the single request has it in its path), or null. */
        public UUID uuid(String field, boolean required) {
            String text = text(field, required, required);
            return text == null ? null : RequestValues.uuid(text, field);
        }
    }

    /**
     * A line read into the fact it asks for, keyed as its single request would be, with the status that request
     * answers on success; or the problem that refuses it.
     */
    public record Parsed<F>(Line line, Keyed keyed, F fact, int status, Problem problem) {

        public static <F> Parsed<F> refused(Line line, RuntimeException e) {
            return new Parsed<>(line, null, null, 0, ProblemMappers.ofRequestError(e).orElseThrow(() -> e));
        }
    }

    /** What a fact came to, as its single request would answer: the body and the stream's version, or the refusal. */
    public record Outcome(Object result, int version, RuntimeException refused) {
    }

    /** Applies facts in one transaction; calls {@code beforeCommit} with their outcomes, in order, inside it. */
    @FunctionalInterface
    public interface Applying<F, O> {
        List<O> apply(List<F> facts, Consumer<List<O>> beforeCommit);
    }

    /**
     * What a line came to: the answer the single request would have had, as {@code result} (its JSON text, written as
     * it is: the text kept under the key serves the result line too) or {@code problem}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int line, String idempotencyKey, int status, Boolean replayed, @JsonRawValue String result,
                         Problem problem) {

        public static Result applied(Line line, int status, String result) {
            return new Result(line.number(), line.idempotencyKey(), status, null, result, null);
        }

        public static Result replayed(Line line, int status, String result) {
            return new Result(line.number(), line.idempotencyKey(), status, true, result, null);
        }

        public static Result failed(Line line, Problem problem) {
            return failed(line.number(), line.idempotencyKey(), problem);
        }

        static Result failed(int number, String key, Problem problem) {
            return new Result(number, key, problem.status(), null, null, problem);
        }

        boolean ok() {
            return status < 300;
        }
    }

    /** The last line of the answer. {@code stoppedBecause} is set when lines after {@code lines} were not read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(int lines, int applied, int replayed, int failed, String stoppedBecause) {
    }

    /** Applies a chunk of lines in one transaction; answers one result per line. */
    @FunctionalInterface
    public interface Chunk {
        List<Result> apply(List<Line> lines);
    }

    private static final int ATTEMPTS = 3;

    private final Settings settings;
    private final ObjectMapper json;
    private final Semaphore running;
    private final DatabaseWrites databaseWrites;
    private final IdempotentRequests idempotent;

    public BulkImport(Settings settings, ObjectMapper json, DatabaseWrites databaseWrites,
                      IdempotentRequests idempotent) {
        this.settings = settings;
        this.json = json;
        this.running = new Semaphore(settings.maxConcurrent());
        this.databaseWrites = databaseWrites;
        this.idempotent = idempotent;
    }

    /**
     * The results of a chunk's lines, each key applied once: a line whose key was answered before (by a line or by a
     * single request) gets that answer again; the others are applied, and their answers kept under their keys in the
     * same transaction, so a line and a single request with the same key and body are one request.
     *
     * @param owner   whose keys these are ({@link IdempotentRequests#owner()})
     * @param outcome what one applied fact's outcome answers
     */
    public <F, O> List<Result> applyOnce(String owner, List<Parsed<F>> parsed, Applying<F, O> applying,
                                         BiFunction<Parsed<F>, O, Outcome> outcome) {
        Map<Keyed, Answer> answered = idempotent.answered(owner, parsed.stream()
                .filter(p -> p.keyed() != null).map(Parsed::keyed).toList());
        List<Parsed<F>> toApply = parsed.stream()
                .filter(p -> p.problem() == null && !answered.containsKey(p.keyed())).toList();
        Map<Parsed<F>, Outcome> outcomes = new IdentityHashMap<>();
        Map<Parsed<F>, String> answers = new IdentityHashMap<>();
        if (!toApply.isEmpty()) {
            applying.apply(toApply.stream().map(Parsed::fact).toList(), applied -> {
                Map<Keyed, Answer> keep = new HashMap<>();
                for (int i = 0; i < applied.size(); i++) {
                    Parsed<F> p = toApply.get(i);
                    Outcome o = outcome.apply(p, applied.get(i));
                    outcomes.put(p, o);
                    if (o.refused() == null) {
                        String answer = text(o.result());
                        answers.put(p, answer);
                        keep.put(p.keyed(), new Answer(p.status(), answer, RequestValues.etag(o.version())));
                    }
                }
                idempotent.keep(owner, keep);
            });
        }
        List<Result> results = new ArrayList<>(parsed.size());
        for (Parsed<F> p : parsed) {
            Answer earlier = p.keyed() == null ? null : answered.get(p.keyed());
            if (p.problem() != null) {
                results.add(Result.failed(p.line(), p.problem()));
            } else if (earlier != null) {
                results.add(earlier.status() < 300 ? Result.replayed(p.line(), earlier.status(), earlier.body())
                        : Result.failed(p.line(), read(earlier.body(), Problem.class)));
            } else {
                Outcome o = outcomes.get(p);
                results.add(o.refused() == null ? Result.applied(p.line(), p.status(), answers.get(p))
                        : Result.failed(p.line(), ProblemMappers.ofRequestError(o.refused()).orElseThrow()));
            }
        }
        return results;
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the request carries an import: its body is then read as it arrives, up to {@link Settings#maxBodySize}. */
    static boolean carriesImport(io.vertx.core.http.HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return request.path().endsWith("/import") && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith(MEDIA_TYPE);
    }

    long maxBodySize() {
        return settings.maxBodySize();
    }

    /**
     * The answer to an import: 200 with the results, or 503 at once when {@link Settings#maxConcurrent} imports are
     * running already (each holds a database connection and its accounts' stream locks while a chunk is applied).
     */
    public Response answer(InputStream body, String what, Chunk chunk) {
        if (!running.tryAcquire()) {
            return Response.fromResponse(Problem.of(503, "Imports busy", settings.maxConcurrent() + " imports are "
                    + "running on this instance; send the file again shortly.").toResponse())
                    .header(HttpHeaders.RETRY_AFTER, 10).build();
        }
        StreamingOutput results = out -> {
            Path spool = Files.createTempFile("import-results-", ".ndjson");
            try {
                try (OutputStream written = new BufferedOutputStream(Files.newOutputStream(spool))) {
                    run(body, written, what, chunk);
                }
                Files.copy(spool, out);
                out.flush();
            } finally {
                running.release();
                Files.deleteIfExists(spool);
            }
        };
        return Response.ok(results).type(MEDIA_TYPE).build();
    }

    private void run(InputStream body, OutputStream out, String what, Chunk chunk) throws IOException {
        LineReader reader = new LineReader(body, settings.maxLineBytes(), settings.maxBodySize());
        int[] counts = new int[3]; // applied, replayed, failed
        int lastLine = 0;
        String stopped = null;
        long started = System.nanoTime();
        List<Result> early = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (stopped == null) {
            byte[] raw = reader.next();
            boolean end = raw == null;
            if (!end) {
                lastLine = reader.lineNumber();
                if (raw != LineReader.TOO_LONG && raw.length == 0) {
                    continue; // a blank line
                }
                Object read = read(raw, reader.lineNumber());
                if (read instanceof Result failed) {
                    early.add(failed);
                } else if (read instanceof Line line) {
                    if (!keys.add(line.idempotencyKey())) {
                        // The same key again: its first line must be stored before it can answer this one.
                        stopped = flush(lines, early, chunk, out, counts);
                        keys.clear();
                        keys.add(line.idempotencyKey());
                    }
                    lines.add(line);
                    if (stopped != null) {
                        break;
                    }
                }
            }
            if (stopped == null && (end || lines.size() + early.size() >= settings.chunkSize())) {
                stopped = flush(lines, early, chunk, out, counts);
                keys.clear();
            }
            if (stopped == null && counts[2] + early.size() > settings.maxFailedLines()) {
                stopped = "More than " + settings.maxFailedLines() + " lines failed: the rest was not read. Correct "
                        + "the file and send it again (stored lines answer as they did).";
            }
            if (end) {
                break;
            }
        }
        if (stopped != null) {
            lastLine = reader.lineNumber();
            Problem notApplied = Problem.of(503, "Not applied", "The import stopped before this line: " + stopped);
            lines.forEach(l -> early.add(Result.failed(l, notApplied)));
            lines.clear();
            flush(lines, early, chunk, out, counts);
            // An HTTP/1.1 client reads the answer only once it has sent its body: read the rest, up to the limit.
            reader.drain();
        }
        Summary summary = new Summary(lastLine, counts[0], counts[1], counts[2], stopped);
        out.write(json.writeValueAsBytes(summary));
        out.write('\n');
        LOG.infof("Import of %s: %d lines, %d applied, %d replayed, %d failed in %d ms%s", what, lastLine, counts[0],
                counts[1], counts[2], (System.nanoTime() - started) / 1_000_000,
                stopped == null ? "" : "; stopped: " + stopped);
    }

    /** Applies and answers the lines gathered so far; the reason the import stops, if it must. */
    private String flush(List<Line> lines, List<Result> early, Chunk chunk, OutputStream out, int[] counts)
            throws IOException {
        List<Result> results = new ArrayList<>(early);
        String stopped = null;
        if (!lines.isEmpty()) {
            try {
                results.addAll(applyWithRetries(lines, chunk));
            } catch (RuntimeException e) {
                Problem problem = stoppedProblem(e);
                stopped = problem.detail();
                lines.forEach(l -> results.add(Result.failed(l, problem)));
            }
        }
        results.sort(Comparator.comparingInt(Result::line));
        for (Result r : results) {
            counts[r.ok() ? (Boolean.TRUE.equals(r.replayed()) ? 1 : 0) : 2]++;
            out.write(json.writeValueAsBytes(r));
            out.write('\n');
        }
        lines.clear();
        early.clear();
        return stopped;
    }

    private List<Result> applyWithRetries(List<Line> lines, Chunk chunk) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Result> results = chunk.apply(lines);
                if (results.size() != lines.size()) {
                    throw new IllegalStateException(results.size() + " results for " + lines.size() + " lines");
                }
                return results;
            } catch (RuntimeException e) {
                // A request racing a line for its key or stream: the next attempt reads what it stored.
                if (attempt == ATTEMPTS || DatabaseFaults.unavailable(e)) {
                    throw e;
                }
                LOG.debugf("Import chunk from line %d failed (attempt %d), trying again: %s", lines.getFirst().number(),
                        attempt, e.getMessage());
            }
        }
    }

    private Problem stoppedProblem(RuntimeException e) {
        if (DatabaseFaults.unavailable(e)) {
            LOG.warnf("Import stopped, database unavailable: %s", e.getMessage());
            databaseWrites.failed(e); // the biggest writer is likely the first to meet a full disk
            return Problem.of(503, "Service unavailable", "The database cannot take writes right now: these lines "
                    + "were not stored and the import stopped. Send the file again shortly: lines already stored "
                    + "answer as they did.");
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Import stopped (incident %s)", incident);
        return Problem.of(500, "Internal error", "The import stopped: these lines were not stored. Quote incident "
                + incident + " when you report it; sending the file again resumes it.");
    }

    /** The line as a {@link Line}, or the {@link Result} that refuses it. */
    private Object read(byte[] raw, int number) {
        if (raw == LineReader.TOO_LONG) {
            return Result.failed(number, null, Problem.of(413, "Line too long", "A line holds at most "
                    + settings.maxLineBytes() + " bytes."));
        }
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (JsonProcessingException e) {
            return Result.failed(number, null, ProblemMappers.ofRequestError(e).orElseThrow());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a byte array in memory
        }
        if (!(node instanceof ObjectNode fields)) {
            return Result.failed(number, null, ProblemException.badField("line", "must be a JSON object").problem());
        }
        JsonNode key = fields.get("idempotencyKey");
        if (key == null || !key.isTextual() || !IdempotentRequests.validKey(key.asText())) {
            return Result.failed(number, key != null && key.isTextual() ? key.asText() : null, ProblemException
                    .badField("idempotencyKey", "is required: 1 to 255 visible ASCII characters").problem());
        }
        return new Line(number, key.asText(), fields);
    }

    /** Lines of at most {@code max} bytes, without holding more than that of a longer one. */
    static final class LineReader {
        static final byte[] TOO_LONG = new byte[0];

        private final InputStream in;
        private final int max;
        private final long maxTotal;
        private long total;
        private final byte[] buffer = new byte[65536];
        private int position;
        private int limit;
        private int number;

        LineReader(InputStream in, int max, long maxTotal) {
            this.in = in;
            this.max = max;
            this.maxTotal = maxTotal;
        }

        /** Reads and drops the rest of the body. */
        void drain() throws IOException {
            while (fill() > 0) {
                position = limit;
            }
        }

        /** The next bytes of the body into the buffer; more than {@code maxTotal} in all ends the exchange. */
        private int fill() throws IOException {
            limit = in.read(buffer);
            position = 0;
            if (limit > 0) {
                total += limit;
                if (total > maxTotal) {
                    // The connection is dropped: nothing more of this body is read or answered.
                    throw new IOException("Import body over " + maxTotal + " bytes");
                }
            }
            return limit;
        }

        int lineNumber() {
            return number;
        }

        /** The next line without its end ({@code \n} or {@code \r\n}), {@link #TOO_LONG}, or null at the end. */
        byte[] next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            while (true) {
                if (position == limit) {
                    fill();
                    if (limit <= 0) {
                        limit = 0;
                        if (line.size() == 0 && !tooLong) {
                            return null;
                        }
                        number++;
                        return tooLong ? TOO_LONG : strip(line.toByteArray());
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (!tooLong) {
                    line.write(buffer, start, position - start);
                    if (line.size() > max + 1) {
                        tooLong = true;
                        line.reset();
                    }
                }
                if (position < limit) {
                    position++; // the newline
                    number++;
                    if (tooLong) {
                        return TOO_LONG;
                    }
                    byte[] bytes = strip(line.toByteArray());
                    return bytes.length > max ? TOO_LONG : bytes;
                }
            }
        }

        private static byte[] strip(byte[] line) {
            int end = line.length;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
            boolean blank = true;
            for (int i = 0; i < end && blank; i++) {
                blank = line[i] == ' ' || line[i] == '\t';
            }
            return blank ? new byte[0] : end == line.length ? line : java.util.Arrays.copyOf(line, end);
        }
    }
}
