/*
 * handbok – checklists. The form works without this file (and on paper). Adds progress
 * ("3 av 9 klara"), "Rensa" and saving of the ticks in localStorage, nowhere else:
 * handbok:checklist:<revision>:<checklist> = JSON array of ticked item ids. Ids that a
 * newer revision no longer has are ignored, so a tick never moves to another item.
 * Without storage (private mode, blocked) the list still works, without saving.
 */
(function () {
  'use strict';

  var store;
  try {
    store = window.localStorage;
    store.setItem('handbok:probe', '1');
    store.removeItem('handbok:probe');
  } catch (e) {
    store = null;
  }

  function init(form) {
    var key = 'handbok:checklist:' + form.dataset.revision + ':' + form.dataset.checklist;
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[data-item]'));
    var progress = form.querySelector('.checklist__progress');

    function ticked() {
      return boxes.filter(function (box) { return box.checked; });
    }

    function update() {
      var done = ticked().length;
      progress.textContent = (form.dataset.textProgress || '')
        .replace('{done}', done)
        .replace('{total}', boxes.length);
      form.classList.toggle('is-complete', done === boxes.length);
    }

    // With storage, storage decides (not what the browser restored on reload).
    function load() {
      var saved;
      try {
        saved = JSON.parse(store.getItem(key) || '[]');
      } catch (e) {
        saved = [];
      }
      boxes.forEach(function (box) {
        box.checked = Array.isArray(saved) && saved.indexOf(box.dataset.item) !== -1;
      });
      update();
    }

    function save() {
      var ids = ticked().map(function (box) { return box.dataset.item; });
      try {
        if (ids.length) {
          store.setItem(key, JSON.stringify(ids));
        } else {
          store.removeItem(key);
        }
      } catch (e) {
        // Full or blocked: go on without saving.
      }
      update();
    }

    form.addEventListener('change', save);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    form.querySelector('.checklist__clear').addEventListener('click', function () {
      boxes.forEach(function (box) { box.checked = false; });
      save();
    });
    if (store) {
      load();
      // Another tab with the same list changed the ticks.
      window.addEventListener('storage', function (event) {
        if (event.key === key || event.key === null) {
          load();
        }
      });
    } else {
      update();
      if (form.dataset.textNoStorage) {
        form.querySelector('.checklist__note').textContent = form.dataset.textNoStorage;
      }
    }
    form.querySelector('.checklist__tools').hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.checklist[data-checklist]'), init);
})();
