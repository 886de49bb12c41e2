package io.panels.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The chart's defaults agree with the code they deploy: ports, schemas and consumer groups from each
 * service's application.properties, topics from platform/events' Topics.java. A service or topic
 * added to the code without the chart (or the other way round) fails here.
 */
class ChartMatchesTheCodeTest {

    private static final JsonNode VALUES = Manifests.parse(Manifests.read(Manifests.CHART.resolve("values.yaml"))).get(0);
    // ${ENV:default} -> default
    private static final Pattern DEFAULT = Pattern.compile("\\$\\{[A-Za-z0-9_.-]+:([^}]*)}");

    @Test
    void everyServiceModuleIsInTheChartWithItsPortAndSchema() throws IOException {
        Set<String> modules = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(Manifests.ROOT.resolve("pom.xml")));
        while (module.find()) {
            if (Files.isRegularFile(properties(module.group(1)))) {
                modules.add(module.group(1));
            }
        }
        Set<String> charted = new TreeSet<>();
        VALUES.path("services").fieldNames().forEachRemaining(charted::add);
        assertEquals(modules, charted, "service modules of pom.xml vs services of helm/panels/values.yaml");

        for (String service : modules) {
            Properties props = load(service);
            String port = resolve(props.getProperty("quarkus.http.port", props.getProperty("%prod.quarkus.http.port")));
            assertEquals(port, VALUES.at("/services/" + service + "/port").asText(), service + " port");
            assertEquals(props.getProperty("quarkus.flyway.schemas", ""), VALUES.at("/services/" + service + "/database").asText(),
                    service + " schema");
        }
    }

    @Test
    void consumerGroupsAreTheServicesOwn() throws IOException {
        for (Iterator<String> it = VALUES.path("services").fieldNames(); it.hasNext(); ) {
            String service = it.next();
            Properties props = load(service);
            Set<String> groups = props.stringPropertyNames().stream()
                    .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id"))
                    .map(key -> expand(resolve(props.getProperty(key))))
                    .collect(Collectors.toCollection(TreeSet::new));
            for (JsonNode group : VALUES.at("/services/" + service + "/consumerGroups")) {
                assertTrue(groups.contains(group.asText()), service + ": consumer group " + group.asText() + " is not in " + groups);
            }
        }
    }

    @Test
    void everyTopicOfTheCodeIsAKafkaTopicOfTheChart() throws IOException {
        String topicsJava = Files.readString(Manifests.ROOT.resolve("platform/events/src/main/java/io/panels/events/Topics.java"));
        Matcher constant = Pattern.compile("static final String [A-Z_]+ = \"(panels\\.[a-z]+)\";").matcher(topicsJava);
        Set<String> topics = new TreeSet<>();
        while (constant.find()) {
            topics.add(constant.group(1));
        }
        Set<String> charted = new TreeSet<>();
        VALUES.at("/kafkaTopics/topics").fieldNames().forEachRemaining(charted::add);
        assertTrue(topics.size() >= 7, topics::toString);
        assertEquals(topics, charted, "Topics.java vs kafkaTopics.topics");
    }

    /**
     * The settings the chart sets by environment exist in the code under those names: the spool and
     * node of data-service's imports (DataSettings), export-service's directory (ExportSettings) and
     * the secrets key of platform/common (SecretCipherProducer). (export-service's S3 settings are not
     * in the code yet: docs/operations.md names the variables the chart sets for them.)
     */
    @Test
    void theSettingsTheChartSetsAreTheOnesTheCodeReads() throws IOException {
        String data = Files.readString(Manifests.ROOT.resolve("data-service/src/main/java/io/panels/data/config/DataSettings.java"));
        assertTrue(data.contains("@ConfigMapping(prefix = \"panels.data\")") && data.contains("Imports imports();"), "panels.data.imports");
        String imports = data.substring(data.indexOf("interface Imports"));
        assertTrue(imports.contains("Optional<String> spoolDir();"), "PANELS_DATA_IMPORTS_SPOOL_DIR = panels.data.imports.spool-dir");
        assertTrue(imports.contains("Optional<String> node();"), "PANELS_DATA_IMPORTS_NODE = panels.data.imports.node");

        String export = Files.readString(Manifests.ROOT.resolve("export-service/src/main/java/io/panels/export/config/ExportSettings.java"));
        assertTrue(export.contains("@ConfigMapping(prefix = \"panels.export\")") && export.contains("Storage storage();"), "panels.export.storage");
        assertTrue(export.substring(export.indexOf("interface Storage")).contains("String directory();"),
                "PANELS_EXPORT_STORAGE_DIRECTORY = panels.export.storage.directory");

        String cipher = Files.readString(Manifests.ROOT.resolve(
                "platform/common/src/main/java/io/panels/common/secrets/SecretCipherProducer.java"));
        assertTrue(cipher.contains("@ConfigProperty(name = \"panels.secrets.key\")"), "PANELS_SECRETS_KEY = panels.secrets.key");
        assertTrue(cipher.contains("@ConfigProperty(name = \"panels.secrets.previous-keys\")"),
                "PANELS_SECRETS_PREVIOUS_KEYS = panels.secrets.previous-keys");
    }

    private static Path properties(String module) {
        return Manifests.ROOT.resolve(module).resolve("src/main/resources/application.properties");
    }

    private static Properties load(String service) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(properties(service))));
        return props;
    }

    private static String resolve(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DEFAULT.matcher(value);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(m.group(1))) : value;
    }

    // auth-service names its audit groups after a setting whose default lives in AuthSettings.
    private static String expand(String value) {
        Map<String, String> settings = Map.of("${panels.auth.audit.consumer-group}", "auth-service.audit");
        String result = value;
        for (var entry : settings.entrySet()) {
            result = result.replace(entry.getKey(), entry.getValue());
        }
        return result;
    }
}
