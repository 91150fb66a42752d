package dev.pilot.localstack.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the local broker listens and keeps its data.
 *
 * @param port the client (PLAINTEXT) port, 9092 for the local stack
 * @param controllerPort the KRaft controller port, 9093 for the local stack
 * @param dataDir the log directory; formatted on first start, reused afterwards
 */
public record KafkaSettings(int port, int controllerPort, Path dataDir) {

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** One node that is both broker and controller; every replication factor is 1. */
  Properties serverProperties() {
    Properties props = new Properties();
    props.put("node.id", "1");
    props.put("process.roles", "broker,controller");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    props.put("num.partitions", "6");
    props.put("auto.create.topics.enable", "true");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "10");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The log cleaner's default 128 MiB buffer would be most of the launcher's heap.
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return props;
  }
}
