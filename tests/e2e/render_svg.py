#!/usr/bin/python3
"""Opens a flame graph SVG in headless Chromium (Debian's chromium and chromium-driver, driven by
Debian's python3-selenium, so it runs with /usr/bin/python3) and saves a PNG of its <svg> element;
then uses the graph as a person would: clicks a frame (it must zoom to the full width and hide the
frames outside it) and searches (frames must turn magenta and the share be shown). Prints what it
saw as JSON on stdout, for e2e_trace_svg_browser to check.

Usage: render_svg.py SVG PNG FRAME_NAME SEARCH_PATTERN
"""
import json
import os
import sys

from headless_chromium import console_errors, open_driver
from selenium.webdriver.common.by import By


def frame(driver, name):
    """The frame's rect width, fill and whether it shows."""
    return driver.execute_script(
        "var wanted = arguments[0];"
        "var g = Array.prototype.find.call(document.querySelectorAll('g.f'), function (g) {"
        "  return g.getAttribute('data-name') === wanted; });"
        "return g ? {width: +g.querySelector('rect').getAttribute('width'), fill: g.querySelector('rect').getAttribute('fill'),"
        "  shown: g.style.display !== 'none'} : null;", name)


def main():
    svg, png, name, pattern = sys.argv[1:5]
    driver = open_driver()
    try:
        driver.get("file://" + os.path.abspath(svg))
        root = driver.find_element(By.CSS_SELECTOR, "svg")
        root.screenshot(png)
        seen = {"rendered_width": driver.execute_script("return document.documentElement.getBoundingClientRect().width"),
                "frames": len(driver.find_elements(By.CSS_SELECTOR, "g.f")),
                "before": frame(driver, name)}
        target = [g for g in driver.find_elements(By.CSS_SELECTOR, "g.f") if g.get_attribute("data-name") == name][0]
        target.find_element(By.CSS_SELECTOR, "rect").click()
        seen["zoomed"] = frame(driver, name)
        seen["hidden_after_zoom"] = driver.execute_script(
            "return Array.prototype.filter.call(document.querySelectorAll('g.f'), function (g) { return g.style.display === 'none'; }).length")
        driver.execute_script("search(arguments[0])", pattern)
        seen["searched"] = frame(driver, name)
        seen["matched"] = driver.find_element(By.ID, "matched").text
        seen["console_errors"] = console_errors(driver)
        print(json.dumps(seen))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
