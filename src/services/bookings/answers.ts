import type { BookingQuestion } from '../../store/repositories/calendars.ts';
import { ValidationError } from '../errors.ts';
import { checkLocalDate, normalizeEmail, normalizePhone } from '../validation.ts';

export interface AnswerInput {
  questionId: string;
  value: string | number | boolean | string[];
}

export interface CheckedAnswer {
  questionPk: number;
  label: string;
  value: string;
}

function text(value: AnswerInput['value']): string {
  return Array.isArray(value) ? value.join(', ') : String(value).trim();
}

/** Checks answers against a calendar's questions: known questions, required ones present, values of the right kind. */
export function checkAnswers(questions: BookingQuestion[], answers: AnswerInput[]): CheckedAnswer[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const given = new Map<string, { index: number; answer: AnswerInput }>();
  answers.forEach((answer, index) => {
    if (!byId.has(answer.questionId)) throw ValidationError.field(`answers[${index}].questionId`, 'is not a question of this calendar');
    if (given.has(answer.questionId)) throw ValidationError.field(`answers[${index}].questionId`, 'is answered twice');
    given.set(answer.questionId, { index, answer });
  });
  const checked: CheckedAnswer[] = [];
  for (const question of questions) {
    const entry = given.get(question.id);
    const value = entry ? entry.answer.value : undefined;
    const field = entry ? `answers[${entry.index}].value` : 'answers';
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : text(value) === '');
    if (empty) {
      if (question.required) throw ValidationError.field(field, `"${question.label}" needs an answer`);
      continue;
    }
    checked.push({ questionPk: question.pk, label: question.label, value: checkValue(question, value!, field) });
  }
  return checked;
}

function checkValue(question: BookingQuestion, value: AnswerInput['value'], field: string): string {
  const choices = Array.isArray(value) ? value.map(String) : [text(value)];
  switch (question.type) {
    case 'select':
    case 'radio':
      if (Array.isArray(value) || !question.options.includes(choices[0]!)) throw ValidationError.field(field, `must be one of: ${question.options.join(', ')}`);
      return choices[0]!;
    case 'multiselect':
      for (const choice of choices) if (!question.options.includes(choice)) throw ValidationError.field(field, `"${choice}" is not an option`);
      return choices.join(', ');
    case 'checkbox':
      if (typeof value !== 'boolean' && !['true', 'false', 'yes', 'no'].includes(text(value).toLowerCase())) {
        throw ValidationError.field(field, 'must be true or false');
      }
      return String(typeof value === 'boolean' ? value : ['true', 'yes'].includes(text(value).toLowerCase()));
    case 'number':
      if (!Number.isFinite(Number(text(value)))) throw ValidationError.field(field, 'must be a number');
      return text(value);
    case 'email':
      return normalizeEmail(field, text(value));
    case 'phone':
      return normalizePhone(field, text(value))!;
    case 'date':
      return checkLocalDate(field, text(value))!;
    default:
      if (text(value).length > 5000) throw ValidationError.field(field, 'is longer than 5000 characters');
      return text(value);
  }
}
