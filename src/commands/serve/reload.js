/*
 * handbok serve – added to every page by `handbok serve` only, never by `handbok build`.
 * Reloads the page after each good rebuild; shows a failed build over the page, in Swedish
 * and English, until the next good build.
 */
(function () {
  'use strict';

  var overlay = null;

  function show(text) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'handbok-serve-error';
      overlay.setAttribute('role', 'alert');
      var box = document.createElement('div');
      box.className = 'handbok-serve-error__box';
      var heading = document.createElement('h2');
      heading.textContent = 'Bygget misslyckades';
      var english = document.createElement('span');
      english.lang = 'en';
      english.textContent = ' · The build failed';
      heading.appendChild(english);
      var note = document.createElement('p');
      note.textContent = 'Rätta felet och spara. Sidan laddas om när bygget lyckas. ';
      var noteEn = document.createElement('span');
      noteEn.lang = 'en';
      noteEn.textContent = 'Fix the error and save: the page reloads when the build succeeds.';
      note.appendChild(noteEn);
      var pre = document.createElement('pre');
      box.appendChild(heading);
      box.appendChild(note);
      box.appendChild(pre);
      overlay.appendChild(box);
      document.body.appendChild(overlay);
    }
    overlay.querySelector('pre').textContent = text;
  }

  var events = new EventSource('/__handbok/events');
  events.addEventListener('reload', function () {
    location.reload();
  });
  events.addEventListener('build-error', function (event) {
    show(JSON.parse(event.data).text);
  });
})();
