import { answerSurveyInput, surveyAnswerResponse, surveyQuestionResponse, surveyTokenParam } from '../../core/schemas/lifecycle.schema';
import { answerSurvey, getSurveyQuestion } from '../../services/lifecycle/survey.service';
import { defineRoute } from '../http/route';

const tag = 'Surveys';
const refused = { 404: { description: 'Not a valid survey link' }, 410: { description: 'Already answered or expired' } };

/** Public: the signed link in the survey message is the credential, so customers answer without signing in. */
export const surveyRoutes = [
  defineRoute({
    method: 'get', path: '/surveys/:token', operationId: 'getSurvey', summary: 'The CSAT question a survey link asks', tag,
    permission: 'public', params: surveyTokenParam,
    responses: { 200: { description: 'The question', schema: surveyQuestionResponse }, ...refused },
    handler: async ({ params }, { db, deps }) => ({ body: await getSurveyQuestion(db, deps.config, params.token) }),
  }),
  defineRoute({
    method: 'post', path: '/surveys/:token', operationId: 'answerSurvey', summary: 'Answer a CSAT survey (rating 1-5 and an optional comment; once)', tag,
    permission: 'public', params: surveyTokenParam, body: answerSurveyInput,
    responses: { 201: { description: 'Recorded', schema: surveyAnswerResponse }, ...refused },
    handler: async ({ params, body }, { db, deps, koa }) => ({
      status: 201,
      body: await answerSurvey(db, deps.config, params.token, body, { requestId: koa.state.requestId as string, ip: koa.ip }),
    }),
  }),
];
