#!/usr/bin/python3
"""Drives the page of a running `interstice serve` in headless Chromium (Debian's chromium and
chromium-driver through python3-selenium, so it runs with /usr/bin/python3), as a person would:
opens each view, drags across the histogram to zoom and clicks a bar, fills the record filters,
steps the table-state view with the arrow key and compares it with an earlier record, opens a
damaged log. Saves a PNG of each view in SHOTS and prints what it saw as JSON for
e2e_serve_browser to check.

Usage: serve_browser.py URL SHOTS AT FROM    (log 0 intact, log 1 damaged)
"""
import json
import sys
import time

from headless_chromium import console_errors, open_driver
from selenium.webdriver.common.action_chains import ActionChains
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
    base, shots, at, compared = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
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
        # Drag across the middle of the histogram: the zoomed view of that stretch.
        canvas = driver.find_element(By.ID, "histogram")
        reload_wait()
        ActionChains(driver).move_to_element_with_offset(canvas, -300, 0).click_and_hold().move_by_offset(400, 0).release().perform()
        wait_ready()
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "histogram")))
        seen["zoom_url"] = driver.current_url
        seen["zoom_error"] = [e.text for e in driver.find_elements(By.ID, "error")]
        seen["zoom_range"] = driver.find_element(By.ID, "histogram-range").text
        seen["zoom_variance"] = driver.execute_script(VARIANCE, "histogram")
        driver.save_screenshot(f"{shots}/overview-zoomed.png")
        # Click the tallest bar: its records.
        tallest = driver.execute_script("""
          const c = document.getElementById('histogram'), ctx = c.getContext('2d');
          let best = [0, c.height];
          for (let x = 21; x < c.width - 20; x += 2)
            for (let y = 20; y < c.height - 20; y++)
              if (ctx.getImageData(x, y, 1, 1).data[2] > 150 && ctx.getImageData(x, y, 1, 1).data[0] < 100) {
                if (y < best[1]) best = [x, y]; break; }
          return best[0];""")
        reload_wait()
        canvas = driver.find_element(By.ID, "histogram")
        ActionChains(driver).move_to_element_with_offset(canvas, tallest - canvas.size["width"] // 2, 90).click().perform()
        wait_ready()
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "records")))
        seen["bar_url"] = driver.current_url
        seen["bar_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#records tr[data-index]"))

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
        # Compared with an earlier record: inserted and updated rows highlighted, deleted ones listed.
        load(f"/log/0/state?at={at}&from={compared}&table=game.players", "state-compare", "state-rows")
        seen["state_compare"] = driver.execute_script("""return {
          inserted: document.querySelectorAll('#state-rows tr.inserted').length,
          changed: document.querySelectorAll('#state-rows tr.changed').length,
          deleted: Array.from(document.querySelectorAll('#state-deleted tr.deleted')).map(tr => tr.children[1].textContent),
          from_field: document.getElementById('state-from').value };""")
        load("/log/1", "overview-damaged", "overview-damaged")
        seen["damage_text"] = driver.find_element(By.ID, "overview-damaged").text

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
