/**
 * A tutorial as a step-by-step guide. Without JavaScript every step shows, one after the other (each labelled
 * "Step n of m"); the inline script turns it into one step at a time with progress, previous/next and
 * client-side check questions (without it, a "Show the answer" disclosure). The step in view is kept in the URL hash (#step-n).
 */
import type { TutorialStep } from '../help-center-source';
import { html, trusted, type SafeHtml } from '../html';
import type { HelpT } from '../locales';

function checkQuestion(t: HelpT, step: TutorialStep, n: number): SafeHtml {
  const check = step.check;
  if (!check) return html``;
  return html`<fieldset data-check data-correct="${check.correctIndex}">
<legend>${t('tutorial.check')}: ${check.question}</legend>
${check.options.map((o, i) => html`<label class="option"><input type="radio" name="check-${n}" value="${i}"> ${o}</label>`)}
<button type="button" class="secondary" hidden>${t('tutorial.checkAnswer')}</button>
<p class="result" data-result aria-live="polite"></p>
<details class="answer"><summary>${t('tutorial.showAnswer')}</summary><p>${check.options[check.correctIndex] ?? ''}</p></details>
</fieldset>`;
}

export function tutorialSteps(t: HelpT, steps: TutorialStep[]): SafeHtml {
  const total = steps.length;
  if (!total) return html``;
  const items = steps.map((step, i) => html`<section class="step" id="step-${i + 1}" data-step aria-labelledby="step-${i + 1}-h">
<p class="muted step-label">${t('tutorial.stepOf', { current: i + 1, total })}</p>
<h2 id="step-${i + 1}-h" tabindex="-1">${step.title}</h2>
${step.imageUrl ? html`<img src="${step.imageUrl}" alt="${step.title}" loading="lazy">` : ''}
<div class="step-body">${trusted(step.bodyHtml)}</div>
${checkQuestion(t, step, i + 1)}
</section>`);
  return html`<div data-tutorial data-testid="tutorial" data-msg-pick="${t('tutorial.pickOne')}" data-msg-ok="${t('tutorial.correct')}" data-msg-bad="${t('tutorial.incorrect')}">
<div data-controls hidden>
<p data-progress-label aria-live="polite">${t('tutorial.stepOf', { current: 1, total })}</p>
<div class="progress" role="progressbar" aria-label="${t('tutorial.progress')}" aria-valuemin="1" aria-valuemax="${total}" aria-valuenow="1"><span style="width:${Math.round(100 / total)}%"></span></div>
</div>
${items}
<div class="step-nav" data-controls hidden>
<button type="button" class="secondary" data-prev>${t('tutorial.previous')}</button>
<p class="ok" data-done hidden>${t('tutorial.done')}</p>
<button type="button" data-next>${t('tutorial.next')}</button>
</div>
</div>
<script>${trusted(TUTORIAL_SCRIPT)}</script>`;
}

const TUTORIAL_SCRIPT = `(function(){
var root=document.querySelector('[data-tutorial]');if(!root)return;
var steps=[].slice.call(root.querySelectorAll('[data-step]')),n=steps.length,cur=0;if(!n)return;
var bar=root.querySelector('[role=progressbar]'),label=root.querySelector('[data-progress-label]');
var prev=root.querySelector('[data-prev]'),next=root.querySelector('[data-next]'),done=root.querySelector('[data-done]');
root.classList.add('js');[].forEach.call(root.querySelectorAll('[data-controls]'),function(c){c.hidden=false});
var m=/^#step-(\\d+)$/.exec(location.hash);if(m)cur=Math.min(n,Math.max(1,+m[1]))-1;
function show(k,focus){cur=k;steps.forEach(function(s,j){s.hidden=j!==k});
label.textContent=steps[k].querySelector('.step-label').textContent;bar.setAttribute('aria-valuenow',k+1);
bar.firstElementChild.style.width=Math.round((k+1)/n*100)+'%';prev.disabled=k===0;next.hidden=k===n-1;done.hidden=k!==n-1;
if(focus){history.replaceState(null,'','#step-'+(k+1));steps[k].querySelector('h2').focus()}}
prev.addEventListener('click',function(){if(cur>0)show(cur-1,true)});
next.addEventListener('click',function(){if(cur<n-1)show(cur+1,true)});
[].forEach.call(root.querySelectorAll('[data-check]'),function(fs){var b=fs.querySelector('button'),out=fs.querySelector('[data-result]');
b.hidden=false;b.addEventListener('click',function(){var c=fs.querySelector('input:checked');
if(!c){out.textContent=root.dataset.msgPick;out.className='result bad';return}
var ok=c.value===fs.dataset.correct;out.textContent=ok?root.dataset.msgOk:root.dataset.msgBad;out.className='result '+(ok?'ok':'bad')})});
show(cur,false)})();`;
