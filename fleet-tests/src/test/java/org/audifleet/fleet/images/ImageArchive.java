package org.audifleet.fleet.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OCI image archive as Jib's {@code buildTar} writes it ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/}): the image's name, its configuration and its layers, read with the machine's {@code tar}.
 */
final class ImageArchive {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String reference;
    final Config config;
    final List<Path> layers;

    private ImageArchive(String reference, Config config, List<Path> layers) {
        this.reference = reference;
        this.config = config;
        this.layers = layers;
    }

    /** What the image runs and how (the OCI image configuration's {@code config} object). */
    record Config(String user, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                  List<String> exposedPorts, Map<String, String> labels) {

        List<String> command() {
            List<String> command = new ArrayList<>(entrypoint);
            command.addAll(cmd);
            return command;
        }
    }

    /** Unpacks the archive's blobs into {@code dir} and reads its one image. */
    static ImageArchive open(Path archive, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        tar("-xf", archive.toString(), "-C", dir.toString());
        JsonNode index = read(dir.resolve("index.json"));
        JsonNode descriptor = index.get("manifests").get(0);
        JsonNode manifest = read(blob(dir, descriptor.get("digest").asString()));
        JsonNode config = read(blob(dir, manifest.get("config").get("digest").asString())).get("config");
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            if (!layer.get("mediaType").asString().endsWith("tar+gzip")) {
                throw new IOException("layer " + layer + " is not a gzip tar");
            }
            layers.add(blob(dir, layer.get("digest").asString()));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (config.has("Labels")) {
            config.get("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        }
        List<String> ports = new ArrayList<>();
        if (config.has("ExposedPorts")) {
            config.get("ExposedPorts").propertyNames().forEach(ports::add);
        }
        return new ImageArchive(descriptor.get("annotations").get("org.opencontainers.image.ref.name").asString(),
                new Config(text(config, "User"), strings(config, "Entrypoint"), strings(config, "Cmd"),
                        strings(config, "Env"), text(config, "WorkingDir"), ports, labels),
                layers);
    }

    /**
     * Writes the image's root filesystem into {@code root}, layer over layer as a runtime does. Jib writes no
     * whiteouts (it only adds files); one here would mean a layer deletes something, which this does not apply.
     */
    void unpack(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        for (Path layer : layers) {
            tar("--warning=no-unknown-keyword", "-xzf", layer.toString(), "-C", root.toString());
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> whiteouts = files.filter(p -> p.getFileName().toString().startsWith(".wh.")).toList();
            if (!whiteouts.isEmpty()) {
                throw new IOException("whiteouts in " + reference + ": " + whiteouts);
            }
        }
    }

    private static Path blob(Path dir, String digest) {
        return dir.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static JsonNode read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readTree(in);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asString() : "";
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node.has(field) && node.get(field).isArray()) {
            node.get(field).forEach(v -> values.add(v.asString()));
        }
        return values;
    }

    private static void tar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
