// The three pieces of Bootstrap's JavaScript the portal used, in place of its 80 KB bundle:
// the phone's menu (data-bs-toggle="collapse"), the account menu (data-bs-toggle="dropdown")
// and the close button of messages (data-bs-dismiss="alert"). Same markup, same classes
// (show, collapsed), same ARIA: aria-expanded follows the menus; Escape closes the account
// menu and gives the focus back to its button, as does a click or a focus outside it; the
// arrow keys move through its items.
"use strict";

(() => {
  const setExpanded = (button, open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  };

  // The phone's menu: the button shows or hides its target (no height animation: the menu
  // is there at once, for people and for tests alike).
  const toggleCollapse = (button) => {
    const target = document.querySelector(button.getAttribute("data-bs-target"));
    if (!target) return;
    const open = !target.classList.contains("show");
    target.classList.toggle("show", open);
    button.classList.toggle("collapsed", !open);
    setExpanded(button, open);
  };

  const menuOf = (toggle) => toggle.parentElement.querySelector(".dropdown-menu");
  const items = (menu) =>
    [...menu.querySelectorAll(".dropdown-item")].filter((item) => !item.disabled);

  const closeDropdown = (toggle, { focus = false } = {}) => {
    const menu = menuOf(toggle);
    if (!menu || !menu.classList.contains("show")) return;
    menu.classList.remove("show");
    toggle.classList.remove("show");
    setExpanded(toggle, false);
    if (focus) toggle.focus();
  };

  const openDropdown = (toggle) => {
    const menu = menuOf(toggle);
    if (!menu) return;
    // Bootstrap places a menu inside a navbar statically (no Popper): its CSS reads this.
    menu.setAttribute("data-bs-popper", "static");
    menu.classList.add("show");
    toggle.classList.add("show");
    setExpanded(toggle, true);
  };

  const openToggles = () =>
    document.querySelectorAll('[data-bs-toggle="dropdown"][aria-expanded="true"]');

  document.addEventListener("click", (event) => {
    const collapse = event.target.closest('[data-bs-toggle="collapse"]');
    if (collapse) {
      event.preventDefault();
      toggleCollapse(collapse);
      return;
    }
    const dismiss = event.target.closest('[data-bs-dismiss="alert"]');
    if (dismiss) {
      dismiss.closest(".alert")?.remove();
      return;
    }
    const toggle = event.target.closest('[data-bs-toggle="dropdown"]');
    for (const open of openToggles()) {
      if (open !== toggle) closeDropdown(open);
    }
    if (toggle) {
      event.preventDefault();
      if (toggle.getAttribute("aria-expanded") === "true") closeDropdown(toggle);
      else openDropdown(toggle);
    }
  });

  document.addEventListener("keydown", (event) => {
    const dropdown = event.target.closest(".dropdown");
    const toggle = dropdown?.querySelector('[data-bs-toggle="dropdown"]');
    if (!toggle) return;
    if (event.key === "Escape") {
      closeDropdown(toggle, { focus: true });
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    if (toggle.getAttribute("aria-expanded") !== "true") openDropdown(toggle);
    const list = items(menuOf(toggle));
    if (!list.length) return;
    const step = event.key === "ArrowDown" ? 1 : -1;
    const at = list.indexOf(document.activeElement);
    const next = at === -1 ? (step > 0 ? 0 : list.length - 1) : (at + step + list.length) % list.length;
    list[next].focus();
  });

  // Tabbing out of the account menu closes it, as a click elsewhere does.
  document.addEventListener("focusout", (event) => {
    const dropdown = event.target.closest(".dropdown");
    if (dropdown && event.relatedTarget && !dropdown.contains(event.relatedTarget)) {
      const toggle = dropdown.querySelector('[data-bs-toggle="dropdown"]');
      if (toggle) closeDropdown(toggle);
    }
  });
})();
