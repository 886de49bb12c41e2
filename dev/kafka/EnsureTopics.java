import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics that do not exist yet, in one JVM (one kafka-topics.sh call per topic
 * would start fourteen JVMs). Run by dev/lib/kafka.sh with the java source launcher:
 * {@code java -cp '.cache/kafka/libs/*' dev/kafka/EnsureTopics.java <bootstrap> <partitions> <topic>...}
 */
public class EnsureTopics {

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: EnsureTopics <bootstrap-servers> <partitions> <topic>...");
      System.exit(2);
    }
    String bootstrap = args[0];
    int partitions = Integer.parseInt(args[1]);
    List<String> wanted = List.of(args).subList(2, args.length);

    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : wanted) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, (short) 1));
        }
      }
      if (missing.isEmpty()) {
        System.out.println("all " + wanted.size() + " topics exist");
        return;
      }
      admin.createTopics(missing).values().forEach((topic, result) -> {
        try {
          result.get(60, TimeUnit.SECONDS);
          System.out.println("created " + topic);
        } catch (ExecutionException e) {
          // Another run created it between our list and our create: that is the goal anyway.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create " + topic, e.getCause());
          }
        } catch (Exception e) {
          throw new IllegalStateException("cannot create " + topic, e);
        }
      });
    }
  }
}
