package dev.pilot.approval.link;

import dev.pilot.approval.link.LinkAnswers.LinkRefused;
import dev.pilot.approval.notify.LinkClaims;
import dev.pilot.approval.notify.LinkTokens;
import dev.pilot.approval.notify.NotifyProperties;
import dev.pilot.approval.request.Approval;
import dev.pilot.platform.security.PublicPaths;
import dev.pilot.platform.web.ConflictException;
import dev.pilot.platform.web.ForbiddenException;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pages behind signed links, on the browser's origin through the dashboard's gateway. They are
 * public (no login): the signed token is the credential, naming the one approver it was made for. A
 * GET only shows what confirming would do, so link scanners and previews never answer; the POST
 * carries the token in the form, so a forged cross-site form has nothing to send (no cookie or
 * ambient credential counts here). Pages, not API: not part of the OpenAPI description.
 */
@Hidden
@RestController
class LinkPagesController {

  static final String PATH = "/approval-links";

  private final LinkAnswers answers;
  private final LinkTokens tokens;
  private final LinkPage pages;

  LinkPagesController(LinkAnswers answers, LinkTokens tokens, NotifyProperties properties) {
    this.answers = answers;
    this.tokens = tokens;
    this.pages = new LinkPage(properties.linkBaseUrl());
  }

  @GetMapping(PATH + "/{token}")
  ResponseEntity<String> open(@PathVariable String token) {
    LinkState state = answers.inspect(token);
    return html(state.status(), pages.of(state, token));
  }

  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<String> confirm(
      @RequestParam(defaultValue = "") String token,
      @RequestParam(required = false) String comment) {
    try {
      Approval approval = answers.confirm(token, comment);
      LinkClaims claims = tokens.verify(token).orElseThrow();
      return html(200, pages.recorded(claims, approval));
    } catch (LinkRefused refused) {
      return html(refused.state().status(), pages.of(refused.state(), token));
    } catch (ConflictException e) {
      // Refused under the approval's lock (answered, amended or closed meanwhile): show the
      // link's state now when it explains more, else the API's own words.
      LinkState now = answers.inspect(token);
      return now instanceof LinkState.Open
          ? html(409, pages.refused(e.getMessage()))
          : html(now.status(), pages.of(now, token));
    } catch (ForbiddenException e) {
      return html(403, pages.refused(e.getMessage()));
    } catch (NotFoundException e) {
      return html(404, pages.of(new LinkState.Invalid(), token));
    } catch (InvalidRequestException e) {
      return html(
          400,
          pages.refused(
              e.violations().stream().map(v -> v.field() + " " + v.message()).toList().toString()));
    }
  }

  private static ResponseEntity<String> html(int status, String body) {
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer")
        .header("X-Robots-Tag", "noindex")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'")
        .body(body);
  }

  /** The pages need no login: the signed token is the credential. */
  @Bean
  static PublicPaths approvalLinkPages() {
    return new PublicPaths(List.of(PATH, PATH + "/**"));
  }
}
