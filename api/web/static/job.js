// Job progress: poll the JSON job endpoint about twice a second, show elapsed time, best
// objective, bound and gap; Stop sends DELETE (the best rota so far is kept); when the job is
// done, go to its rota.
"use strict";
(function () {
  const box = document.getElementById("job");
  if (!box) { return; }
  const api = box.dataset.api;
  const words = JSON.parse(box.dataset.words);
  const $ = (id) => document.getElementById(id);
  const finished = new Set(["done", "failed", "interrupted", "stopped", "cancelled"]);
  let started = null;
  let limit = null;
  let timer = null;

  function number(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString();
  }

  function seconds(value) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(1) + " s";
  }

  function show(job) {
    const state = job.state || job.status;
    $("job-state").textContent = words.states[state] || state;
    const elapsed = job.elapsed_s !== undefined && job.elapsed_s !== null ? job.elapsed_s : null;
    if (elapsed !== null) { started = Date.now() - elapsed * 1000; }
    limit = job.time_limit_s || limit;
    $("job-elapsed").textContent = seconds(elapsed);
    $("job-objective").textContent = number(job.objective);
    $("job-bound").textContent = number(job.best_bound);
    $("job-gap").textContent = job.gap === null || job.gap === undefined
      ? "—" : (100 * job.gap).toFixed(2) + " %";
    if (limit && elapsed !== null) {
      $("job-bar").style.width = Math.min(100, (100 * elapsed) / limit).toFixed(0) + "%";
    }
    // Teams that share no requirement are solved one after the other: say how far it is.
    $("job-parts-box").hidden = !(job.parts > 1);
    $("job-parts").textContent = job.parts_done + " / " + job.parts;
    $("job-message").textContent = job.error || "";
    if (finished.has(state)) {
      clearInterval(timer);
      $("stop").hidden = true;
      $("job-bar").style.width = "100%";
      if (job.rota_id) {
        const link = $("open-rota");
        link.href = box.dataset.rotaUrl + job.rota_id;
        link.hidden = false;
        window.location.assign(link.href);
      } else if (!job.error) {
        $("job-message").textContent = words.failed;
      }
    }
  }

  async function poll() {
    try {
      const response = await fetch(api, { headers: { Accept: "application/json" } });
      if (response.ok) { show(await response.json()); }
    } catch (error) {
      // The server may be restarting: try again at the next tick.
    }
  }

  $("stop").addEventListener("click", async () => {
    $("stop").disabled = true;
    $("stop").textContent = words.stopping;
    await fetch(api, { method: "DELETE" });
    poll();
  });

  // Between polls the clock keeps running, so the elapsed time moves smoothly.
  setInterval(() => {
    const state = $("job-state").textContent;
    if (started !== null && state === words.states.running) {
      $("job-elapsed").textContent = seconds((Date.now() - started) / 1000);
    }
  }, 100);
  timer = setInterval(poll, 500);
  poll();
})();
