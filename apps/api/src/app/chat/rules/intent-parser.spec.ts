import { parseQuestion, Vocabulary } from './intent-parser';

const NOW = new Date('2026-11-26T15:30:00.000Z');
const vocabulary: Vocabulary = {
  models: [
    { name: 'stress-detector', displayName: 'Stress detector', versions: ['1.0.0', '1.1.0', '2.0.0'] },
    { name: 'churn-model', displayName: 'Churn', versions: ['1.0.0', '3.2.1'] },
  ],
  metricNames: ['accuracy', 'f1', 'latency_ms', 'precision', 'prediction_count', 'recall', 'roc_auc', 'stress_rate'],
  datasets: [
    { id: '11111111-1111-4111-8111-111111111111', name: 'stress-reference', model: 'stress-detector', role: 'reference' },
    { id: '22222222-2222-4222-8222-222222222222', name: 'stress-current', model: 'stress-detector', role: 'current' },
  ],
};
const parse = (question: string) => parseQuestion(question, vocabulary, NOW);

describe('parseQuestion', () => {
  it.each([
    ['help', 'help'],
    ['What can you do?', 'help'],
    ['Which models are monitored?', 'list_models'],
    ['What are the production versions?', 'list_models'],
    ['Which versions does stress-detector have?', 'model_versions'],
    ['How is stress-detector doing?', 'model_status'],
    ["how's the stress detector performing", 'model_status'],
    ['stress-detector', 'model_status'],
    ['Is the model getting worse?', 'model_status'],
    ['What is the latest accuracy of stress-detector?', 'metric_value'],
    ['latency of stress-detector 2.0.0', 'metric_value'],
    ['accuracy trend of stress-detector over the last 7 days', 'metric_trend'],
    ['f1 of stress-detector since Monday', 'metric_trend'],
    ['How did the AUC of stress-detector change this week?', 'metric_trend'],
    ['Compare 1.1.0 and 2.0.0 on f1', 'compare_versions'],
    ['stress-detector production vs staging', 'compare_versions'],
    ['Is there drift in stress-detector?', 'drift'],
    ['Which columns drifted?', 'drift'],
    ['Which datasets are there?', 'list_datasets'],
    ['Profile of stress-reference', 'dataset_profile'],
    ['How many missing values does stress-current have?', 'dataset_profile'],
    ['Quality of stress-current', 'dataset_quality'],
    ['confusion matrix of the current dataset of stress-detector', 'dataset_quality'],
    ['How is the model doing without labels?', 'performance_estimate'],
    ['estimated accuracy of stress-detector', 'performance_estimate'],
    ['How is stress-detector performing without ground truth?', 'performance_estimate'],
    ['Show the CBPE results', 'performance_estimate'],
    ['performance estimate of churn-model 3.2.1', 'performance_estimate'],
    ['What is PSI?', 'glossary'],
    ['Explain Wasserstein distance', 'glossary'],
    ['What does recall mean?', 'glossary'],
    ['what is the jensen-shannon distance', 'glossary'],
    ["What's the weather in Paris?", 'unknown'],
  ])('%s → %s', (question, intent) => {
    expect(parse(question).intent).toBe(intent);
  });

  it('extracts model, versions, stages, metric and time', () => {
    const parsed = parse('Compare v1.1.0 with 2.0.0 for stress-detector on ROC AUC over the last 3 days');
    expect(parsed.model).toBe('stress-detector');
    expect(parsed.versions).toEqual(['1.1.0', '2.0.0']);
    expect(parsed.metric).toBe('roc_auc');
    expect(parsed.time?.label).toBe('the last 3 days');
    expect(parse('staging against production accuracy').stages).toEqual(['staging', 'production']);
  });

  it('does not read numbers in time phrases as versions, nor metric names inside longer words', () => {
    const parsed = parse('accuracy of churn-model over the last 1 day');
    expect(parsed.versions).toEqual([]);
    expect(parse('latest f1 of churn-model 3.2.1').versions).toEqual(['3.2.1']);
    // 1.1.0 is not a version of churn-model.
    expect(parse('accuracy of churn-model 1.1.0').versions).toEqual([]);
  });

  it('a definition question with a model named asks for data, not the glossary', () => {
    expect(parse('What is the precision of stress-detector?').intent).toBe('metric_value');
    expect(parse('what is precision').intent).toBe('glossary');
    expect(parse('what is the precision').intent).toBe('metric_value');
    expect(parse("what's the mean accuracy of stress-detector this week").intent).toBe('metric_trend');
  });

  it('reads a metric the model does not record as a metric question, so the answer can say so', () => {
    const parsed = parse('what is the mean log loss of stress-detector this week');
    expect(parsed.intent).toBe('metric_trend');
    expect(parsed.metric).toBe('log_loss');
    expect(parse('What is log loss?').intent).toBe('glossary');
  });

  it('recognises datasets by name and role words', () => {
    const withPunctuation: Vocabulary = {
      ...vocabulary,
      datasets: [
        { id: '33333333-3333-4333-8333-333333333333', name: 'production, last 7 days', model: 'stress-detector', role: 'current' },
      ],
    };
    const parsed = parseQuestion('Quality of production, last 7 days?', withPunctuation, NOW);
    expect(parsed.intent).toBe('dataset_quality');
    expect(parsed.datasetId).toBe('33333333-3333-4333-8333-333333333333');
    expect(parse('profile of stress-current').datasetId).toBe('22222222-2222-4222-8222-222222222222');
    expect(parse('show the reference dataset').datasetRole).toBe('reference');
  });

  it('reads a question about quality without labels with the model and version it names', () => {
    const parsed = parse('estimated F1 of churn-model 3.2.1 before the labels arrive');
    expect(parsed).toMatchObject({ intent: 'performance_estimate', model: 'churn-model', versions: ['3.2.1'] });
    // Realized quality of a dataset, or a plain metric, is not an estimate.
    expect(parse('accuracy of stress-detector').intent).toBe('metric_value');
    expect(parse('Quality of stress-current').intent).toBe('dataset_quality');
  });
});
