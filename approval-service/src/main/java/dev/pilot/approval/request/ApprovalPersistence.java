package dev.pilot.approval.request;

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

/** How Spring Data JDBC stores an approval's values that are not plain columns: jsonb documents. */
@Configuration(proxyBeanMethods = false)
class ApprovalPersistence {

  @Bean
  JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
    return JdbcCustomConversions.of(dialect, List.of(new JsonbToText(), new TextToJsonb()));
  }

  @ReadingConverter
  static final class JsonbToText implements Converter<PGobject, Jsonb> {
    @Override
    public Jsonb convert(PGobject value) {
      return new Jsonb(value.getValue());
    }
  }

  @WritingConverter
  static final class TextToJsonb implements Converter<Jsonb, PGobject> {
    @Override
    public PGobject convert(Jsonb document) {
      PGobject value = new PGobject();
      value.setType("jsonb");
      try {
        value.setValue(document.json());
      } catch (SQLException impossible) {
        throw new IllegalStateException(impossible);
      }
      return value;
    }
  }
}
