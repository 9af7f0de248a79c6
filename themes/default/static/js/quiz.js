/*
 * handbok – quiz. Without this file every question is readable and the answer sits
 * in a closed <details>. Adds checking with feedback, the score against the pass mark,
 * a review of wrong answers and retry (options shuffled, except true/false). Nothing
 * is stored or sent unless the reader ticks "remember": then only localStorage,
 * handbok:quiz:<revision>:<quiz> = {score, total, date}. Text comes from data-text-*.
 */
(function () {
  'use strict';

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function fill(text, values) {
    return (text || '').replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function init(quiz) {
    var data = quiz.dataset;
    var key = 'handbok:quiz:' + data.revision + ':' + data.quiz;
    var questions = all(quiz, '.quiz__question');
    var score = quiz.querySelector('.quiz__score');
    var review = quiz.querySelector('.quiz__review');
    var list = quiz.querySelector('.quiz__review-list');
    var retry = quiz.querySelector('.quiz__retry');
    var remember = quiz.querySelector('.quiz__remember-box');
    var remembered = quiz.querySelector('.quiz__remembered');
    var last = null;

    function clear(question) {
      var result = question.querySelector('.quiz__result');
      result.textContent = '';
      result.className = 'quiz__result';
      all(question, '.quiz__option').forEach(function (option) {
        option.classList.remove('is-right', 'is-wrong');
        var feedback = option.querySelector('.quiz__feedback');
        if (feedback) {
          feedback.hidden = true;
        }
      });
    }

    // Right when every correct option is chosen and no wrong one. At the end (final)
    // an unanswered question counts as wrong and shows its answer too.
    function check(question, final) {
      var inputs = all(question, '.quiz__input');
      var chosen = inputs.filter(function (input) { return input.checked; });
      var right = inputs.every(function (input) {
        return input.checked === input.hasAttribute('data-correct');
      });
      var result = question.querySelector('.quiz__result');
      var verdict = right ? 'is-right' : chosen.length || final ? 'is-wrong' : 'is-empty';
      clear(question);
      chosen.forEach(function (input) {
        var option = input.closest('.quiz__option');
        var feedback = option.querySelector('.quiz__feedback');
        option.classList.add(input.hasAttribute('data-correct') ? 'is-right' : 'is-wrong');
        if (feedback) {
          feedback.hidden = false;
        }
      });
      result.classList.add(verdict);
      result.textContent = { 'is-right': data.textRight, 'is-wrong': data.textWrong, 'is-empty': data.textNoAnswer }[verdict];
      if (verdict !== 'is-empty') {
        question.querySelector('.quiz__answer').open = true;
      }
      return right;
    }

    function saved() {
      try {
        return JSON.parse(storage().getItem(key));
      } catch (e) {
        return null;
      }
    }

    // Store the latest result if "remember" is ticked, forget it if not.
    function keep() {
      var s = storage();
      try {
        if (!remember.checked) {
          s.removeItem(key);
        } else if (last) {
          s.setItem(key, JSON.stringify(last));
        }
      } catch (e) {
        // Storage blocked: nothing is remembered.
      }
      var shown = remember.checked && (last || saved());
      remembered.textContent = shown ? fill(data.textRemembered, shown) : '';
    }

    function finish() {
      var total = questions.length;
      var pass = parseInt(data.passMark, 10) || total;
      var points = 0;
      list.textContent = '';
      questions.forEach(function (question) {
        if (check(question, true)) {
          points++;
          return;
        }
        var item = document.createElement('li');
        var link = item.appendChild(document.createElement('a'));
        link.href = '#' + question.id;
        link.textContent = question.querySelector('.quiz__number').textContent + ': ' +
          question.querySelector('.quiz__prompt').textContent;
        list.appendChild(item);
      });
      var values = { score: points, total: total, pass_mark: pass };
      var passed = points >= pass;
      // The score in bold, then passed or not.
      score.textContent = '';
      var lines = score.appendChild(document.createElement('span'));
      lines.appendChild(document.createElement('strong')).textContent = fill(data.textScore, values);
      lines.appendChild(document.createTextNode(' ' + fill(passed ? data.textPassed : data.textNotPassed, values)));
      score.className = 'quiz__score ' + (passed ? 'is-passed' : 'is-not-passed');
      review.hidden = points === total;
      retry.hidden = false;
      last = { score: points, total: total, date: new Date().toISOString().slice(0, 10) };
      keep();
    }

    function reset() {
      questions.forEach(function (question) {
        clear(question);
        all(question, '.quiz__input').forEach(function (input) { input.checked = false; });
        question.querySelector('.quiz__answer').open = false;
        if (question.dataset.type !== 'true_false') {
          var options = question.querySelector('.quiz__options');
          var items = all(options, '.quiz__option');
          while (items.length) {
            options.appendChild(items.splice(Math.floor(Math.random() * items.length), 1)[0]);
          }
        }
      });
      score.textContent = '';
      score.className = 'quiz__score';
      list.textContent = '';
      review.hidden = true;
      retry.hidden = true;
      last = null;
      quiz.querySelector('.quiz__input').focus();
    }

    questions.forEach(function (question) {
      var button = question.querySelector('.quiz__check');
      button.hidden = false;
      button.addEventListener('click', function () { check(question); });
      // A changed answer has not been checked yet.
      question.addEventListener('change', function () { clear(question); });
    });
    quiz.querySelector('.quiz__finish').addEventListener('click', finish);
    retry.addEventListener('click', reset);
    remember.addEventListener('change', keep);
    remember.checked = !!saved();
    keep();
    quiz.querySelector('.quiz__tools').hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll('section.quiz[data-quiz]'), init);
})();
