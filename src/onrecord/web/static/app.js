// The one script of the pages, and only conveniences: a highlighted statement, clicked or
// focused, shows its speaker's card beside it (without it the cards stand in the side column),
// and a search form leaves its empty fields out of the URL, so permalinks stay short.
"use strict";

(function () {
  let shown = null;

  function hide() {
    if (shown) {
      shown.remove();
      shown = null;
    }
    document.querySelectorAll(".attribution.current").forEach((el) => el.classList.remove("current"));
  }

  function show(mark) {
    hide();
    const card = document.getElementById("card-" + mark.dataset.speaker);
    const popover = card ? card.cloneNode(true) : document.createElement("section");
    popover.removeAttribute("id");
    popover.classList.add("card", "popover");
    if (!card) {
      popover.textContent = "No speaker was found for this statement.";
    }
    popover.setAttribute("role", "dialog");
    const box = mark.getBoundingClientRect();
    popover.style.top = window.scrollY + box.bottom + 6 + "px";
    popover.style.left = Math.max(8, window.scrollX + box.left) + "px";
    document.body.appendChild(popover);
    shown = popover;
    for (const id of (mark.dataset.attributions || "").split(" ")) {
      const item = document.querySelector('.attribution[data-attribution="' + CSS.escape(id) + '"]');
      if (item) item.classList.add("current");
    }
  }

  document.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.hl[data-speaker]");
    if (mark && mark.closest(".text")) show(mark);
    else if (!event.target.closest(".popover")) hide();
  });
  document.addEventListener("focusin", (event) => {
    const mark = event.target.closest && event.target.closest("mark.hl[data-speaker]");
    if (mark && mark.closest(".text")) show(mark);
  });
  document.addEventListener("submit", (event) => {
    if (!event.target.matches("form.search")) return;
    for (const field of event.target.elements) {
      if (field.name && field.value === "") field.disabled = true;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
})();
