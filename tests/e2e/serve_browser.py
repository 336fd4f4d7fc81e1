#!/usr/bin/python3
"""Drives the page of a running `interstice serve` in headless Chromium (Debian's chromium and
chromium-driver through python3-selenium, so it runs with /usr/bin/python3), as a person would:
opens each view, fills the record filters, steps the table-state view with the arrow key. Saves a
PNG of each view in SHOTS and prints what it saw as JSON for e2e_serve_browser to check.

Usage: serve_browser.py URL SHOTS AT
"""
import json
import sys
import time

from headless_chromium import console_errors, open_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# The variance of a canvas's pixel values: 0 for a blank (one-colour) canvas.
VARIANCE = """
const c = document.getElementById(arguments[0]);
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let sum = 0, sq = 0, n = 0;
for (let i = 0; i < d.length; i += 4) { const v = (d[i] + d[i + 1] + d[i + 2]) / 3; sum += v; sq += v * v; n++; }
const mean = sum / n; return sq / n - mean * mean;
"""


def main():
    base, shots, at = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3])
    driver = open_driver()
    seen = {"page_errors": {}}

    def load(path, name, ready=None):
        driver.get(base + path)
        wait_ready()
        if ready:
            WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, ready)))
        errors = driver.find_elements(By.ID, "error")
        if errors:
            seen["page_errors"][name] = errors[0].text
        driver.save_screenshot(f"{shots}/{name}.png")

    def wait_ready():
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))

    def reload_wait():
        driver.execute_script("document.body.dataset.ready = ''")

    try:
        load("/", "index")
        load("/log/0", "overview", "histogram")
        seen["histogram_variance"] = driver.execute_script(VARIANCE, "histogram")

        load("/log/0/records", "records", "records")
        form = driver.find_element(By.ID, "filters")
        form.find_element(By.NAME, "module").send_keys("payments")
        form.find_element(By.CSS_SELECTOR, "select[name=op] option[value=delete]").click()
        reload_wait()
        driver.find_element(By.ID, "apply").click()
        wait_ready()
        seen["filtered_url"] = driver.current_url
        seen["filtered_indexes"] = [int(tr.get_attribute("data-index"))
                                    for tr in driver.find_elements(By.CSS_SELECTOR, "#records tr[data-index]")]
        driver.save_screenshot(f"{shots}/records.png")

        load("/log/0/record/5", "record", "row")
        load(f"/log/0/state?at={at}&table=game.players", "state", "state-rows")
        seen["state_rows"] = driver.execute_script(
            "return Array.from(document.querySelectorAll('#state-rows tr')).slice(1)"
            ".map(tr => [tr.children[0].textContent, tr.children[1].textContent])")
        reload_wait()
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        wait_ready()
        seen["state_after_step"] = int(driver.find_element(By.ID, "state-at").get_attribute("value"))
        driver.save_screenshot(f"{shots}/state-step.png")

        load("/schema/0", "schema", "findings")
        load("/schema-diff?old=0&new=1", "schema-diff")
        load("/trace/0", "trace", "flame")
        seen["flame_variance"] = driver.execute_script(VARIANCE, "flame")
        seen["console_errors"] = console_errors(driver)
        print(json.dumps(seen))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
