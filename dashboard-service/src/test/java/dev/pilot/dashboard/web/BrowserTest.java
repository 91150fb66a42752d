package dev.pilot.dashboard.web;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.testsupport.browser.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A dashboard test driven through a fresh headless Chromium per test. */
abstract class BrowserTest extends DashboardTest {

  protected Browser browser;

  @BeforeEach
  void openBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }
}
