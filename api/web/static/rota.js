// Pinning: a click on a rota cell opens a small dialog to pin a shift or a day off there, or to
// clear the pin. The choice is posted as an ordinary form, so the server stays the only judge.
"use strict";
(function () {
  const dialog = document.getElementById("pin-dialog");
  const grid = document.getElementById("rota-grid");
  if (!dialog || !grid) { return; }
  const staff = document.getElementById("pin-staff");
  const date = document.getElementById("pin-date");
  const where = document.getElementById("pin-where");
  const clear = document.getElementById("pin-clear");

  function open(cell) {
    const row = cell.closest("tr");
    const who = row.querySelector("th.who").textContent.trim();
    staff.value = cell.dataset.staff;
    date.value = cell.dataset.date;
    where.textContent = who + " · " + cell.dataset.date;
    const pin = cell.dataset.pin;
    clear.hidden = pin === "";
    dialog.querySelectorAll("[data-code]").forEach((button) => {
      const current = pin !== "" && (button.dataset.code === pin || (button.dataset.code === "-" && pin === "-"));
      button.classList.toggle("current", current);
    });
    dialog.showModal();
  }

  grid.addEventListener("click", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell) { open(cell); }
  });
  grid.addEventListener("keydown", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(cell);
    }
  });
  document.getElementById("pin-cancel").addEventListener("click", () => dialog.close());
})();
