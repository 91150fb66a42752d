package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.util.PGobject;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;

/**
 * How an agent's values are stored: its steps, input schema and default inputs each as one jsonb
 * document (not child tables), its mode by its lower-case name (as the API and the executions table
 * spell it).
 */
@Configuration(proxyBeanMethods = false)
class AgentPersistence {

  @Bean
  JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
    return JdbcCustomConversions.of(
        dialect,
        List.of(
            new StepsToJsonb(),
            new JsonbToSteps(),
            new DocumentToJsonb(),
            new JsonbToDocument(),
            new ModeToName(),
            new NameToMode()));
  }

  static PGobject jsonb(String json) {
    PGobject value = new PGobject();
    value.setType("jsonb");
    try {
      value.setValue(json);
    } catch (SQLException impossible) {
      throw new IllegalStateException(impossible);
    }
    return value;
  }

  @WritingConverter
  static final class StepsToJsonb implements Converter<PilotSteps, PGobject> {
    @Override
    public PGobject convert(PilotSteps steps) {
      return jsonb(PilotSteps.toJson(steps.list()));
    }
  }

  @ReadingConverter
  static final class JsonbToSteps implements Converter<PGobject, PilotSteps> {
    @Override
    public PilotSteps convert(PGobject json) {
      return new PilotSteps(PilotSteps.fromJson(json.getValue()));
    }
  }

  @WritingConverter
  static final class DocumentToJsonb implements Converter<JsonDocument, PGobject> {
    @Override
    public PGobject convert(JsonDocument document) {
      return jsonb(PilotSteps.jsonOrNull(document.map()));
    }
  }

  @ReadingConverter
  static final class JsonbToDocument implements Converter<PGobject, JsonDocument> {
    @Override
    public JsonDocument convert(PGobject json) {
      return JsonDocument.of(PilotSteps.mapOrNull(json.getValue()));
    }
  }

  @WritingConverter
  static final class ModeToName implements Converter<ExecutionMode, String> {
    @Override
    public String convert(ExecutionMode mode) {
      return Agents.modeName(mode);
    }
  }

  @ReadingConverter
  static final class NameToMode implements Converter<String, ExecutionMode> {
    @Override
    public ExecutionMode convert(String name) {
      return Agents.mode(name);
    }
  }
}
