// A consumer that knows Pilot only through the contracts folder: topics from asyncapi.yaml,
// payload schemas from schemas/v1, routing on the CloudEvents ce_type header.
import fs from "node:fs";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const contracts = process.env.PILOT_CONTRACTS ?? "../..";
const resources = path.join(contracts, "src/main/resources");
const asyncapi = YAML.parse(fs.readFileSync(path.join(resources, "asyncapi.yaml"), "utf8"));
const topics = Object.values(asyncapi.channels).map((channel) => channel.address);

const ajv = new Ajv2020({ strict: true });
addFormats(ajv);
const schemaDir = path.join(resources, "schemas/v1");
for (const file of fs.readdirSync(schemaDir)) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8")));
}
const schemaId = (eventType) => `https://schemas.pilot.dev/events/v1/${eventType}.json`;

const seen = new Set(); // event_id: delivery is at-least-once
const expected = Number(process.env.EXPECTED ?? "0");
const kafka = new Kafka({
  brokers: (process.env.KAFKA_BOOTSTRAP ?? "localhost:9092").split(","),
  logLevel: logLevel.WARN,
});
const consumer = kafka.consumer({ groupId: `contracts-example-${process.pid}` });
await consumer.connect();
await consumer.subscribe({ topics, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const ceType = message.headers.ce_type?.toString();
    const match = /^dev\.pilot\.([A-Za-z0-9]+)\.v1$/.exec(ceType ?? "");
    const validate = match && ajv.getSchema(schemaId(match[1]));
    if (!validate) return; // an event type or version this consumer does not know: ignore it
    const event = JSON.parse(message.value.toString("utf8"));
    if (seen.has(event.event_id)) return;
    seen.add(event.event_id);
    const ok = validate(event) && message.key.toString() === event.execution_id
      && message.headers.ce_id?.toString() === event.event_id;
    console.log(`${topic}[${partition}] ${ceType} seq=${event.sequence} ${ok ? "valid" : "INVALID " + JSON.stringify(validate.errors)}`);
    if (!ok) process.exitCode = 1;
    if (expected && seen.size >= expected) {
      setTimeout(async () => { await consumer.disconnect(); }, 0);
    }
  },
});
