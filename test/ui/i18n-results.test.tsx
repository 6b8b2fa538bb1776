import '@testing-library/jest-dom';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { FakePort, summaryFor } from './fake-port';
import { renderPane, renderWith } from './render';
import { ResultsView } from '../../ui/results/ResultsView';
import { mountApp } from '../../ui/mount';
import { CATALOGS, en, pickLanguage, zhCN } from '../../ui/i18n/messages';

// Fluent renders a lot in jsdom and the machine is shared: allow slow steps.
jest.setTimeout(60_000);

describe('Chinese labels follow the host display language', () => {
  test('pickLanguage: zh-* is Simplified Chinese, everything else English', () => {
    expect(pickLanguage('zh-CN')).toBe('zh-CN');
    expect(pickLanguage('zh-Hans-SG')).toBe('zh-CN');
    expect(pickLanguage('zh')).toBe('zh-CN');
    expect(pickLanguage('en-GB')).toBe('en');
    expect(pickLanguage('fr-FR')).toBe('en');
    expect(pickLanguage('')).toBe('en');
  });

  test('both catalogs have every key and every placeholder', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key]).toBeTruthy();
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, vars(zhCN[key])]).toEqual([key, vars(en[key])]);
    }
    expect(Object.keys(CATALOGS)).toEqual(['en', 'zh-CN']);
  });

  test('the flow in Chinese: steps, fields, ladder stages and categories', async () => {
    const port = new FakePort({ language: 'zh-CN' });
    renderPane(port);
    await screen.findByText('表头行下有 6 行数据');
    expect(screen.getByRole('navigation', { name: '步骤' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '1 数据源' })).toHaveAttribute(
      'aria-current',
      'step',
    );
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(screen.getByRole('combobox', { name: '负责人（销售）' })).toHaveTextContent('Rep');
    fireEvent.click(screen.getByRole('button', { name: '3 阶段' }));
    const ladder = screen.getByRole('combobox', { name: 'Pipeline 的阶梯阶段' });
    expect(within(ladder).getByRole('option', { name: '评估中' })).toHaveProperty('selected', true);
    const category = screen.getByRole('combobox', { name: 'Committed 的预测类别' });
    expect(within(category).getByRole('option', { name: '承诺' })).toHaveProperty('selected', true);
    expect(screen.getByRole('button', { name: '中文 CRM' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '4 期间' }));
    expect(screen.getByRole('radio', { name: '季度' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: '财年起始月份' })).toHaveTextContent('一月');
    fireEvent.click(screen.getByRole('button', { name: '5 运行' }));
    fireEvent.click(screen.getByRole('button', { name: '运行预测' }));
    await screen.findByTestId('run-summary');
    expect(screen.getByText('FY2025 Q2 加权预测')).toBeInTheDocument();
    expect(screen.getByTestId('issues-by-kind')).toHaveTextContent('缺少金额: 1');
    expect(screen.getByRole('button', { name: '查看“Data issues”工作表' })).toBeInTheDocument();
  });
});

describe('results on screen', () => {
  test('tables with formatted figures, charts with text alternatives', () => {
    const port = new FakePort();
    renderWith(port, <ResultsView summary={summaryFor({ asOf: '2025-06-30' })} />);
    const forecast = screen.getByRole('table', { name: 'Forecast by segment and period' });
    // Period and Weighted first (kept in view in a narrow pane), then the segment and the rest.
    expect(within(forecast).getAllByRole('row')[1]).toHaveTextContent('FY2025 Q22,122.87East3');
    const funnel = screen.getByRole('img', { name: /Funnel by stage/ });
    expect(funnel).toHaveAccessibleName(/Committed: 12.29K · 1/);
    const periods = screen.getByRole('img', { name: /Forecast by period/ });
    expect(periods).toHaveAccessibleName(/FY2025 Q3: Closed 0, Commit 12.29K/);
  });

  test('a total row when every row is on screen; a note instead when the table was capped', () => {
    const port = new FakePort();
    const full = summaryFor({ asOf: '2025-06-30' });
    const { unmount } = renderWith(port, <ResultsView summary={full} />);
    const total = screen.getByTestId('total-Forecast');
    expect(total).toHaveTextContent('Total10,722.375');
    expect(screen.getByTestId('total-Funnel')).toHaveTextContent('Total417,530.74');
    unmount();
    const capped = { ...full, written: [{ sheetName: 'Forecast', rows: 900 }] };
    renderWith(port, <ResultsView summary={capped} />);
    expect(screen.queryByTestId('total-Forecast')).not.toBeInTheDocument();
    expect(screen.getByText('Showing 2 of 900 rows')).toBeInTheDocument();
  });

  test('user text is inert: markup and formulas show as text', () => {
    const port = new FakePort();
    const { container } = renderWith(
      port,
      <ResultsView summary={summaryFor({ asOf: '2025-06-30' })} />,
    );
    const pyramid = screen.getByRole('table', { name: 'Value pyramid' });
    expect(within(pyramid).getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(within(pyramid).getByText('=HYPERLINK("http://x","y")')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
  });

  test('in Chinese, stage and tier labels are translated, user text is not', () => {
    const port = new FakePort({ language: 'zh-CN' });
    renderWith(port, <ResultsView summary={summaryFor({ asOf: '2025-06-30' })} />);
    const funnel = screen.getByRole('table', { name: '销售漏斗' });
    expect(within(funnel).getByText('评估中')).toBeInTheDocument();
    expect(within(funnel).getByText('赢单')).toBeInTheDocument();
    expect(within(funnel).getByRole('columnheader', { name: '阶段' })).toBeInTheDocument();
    const pyramid = screen.getByRole('table', { name: '价值金字塔' });
    expect(within(pyramid).getByText('大客户')).toBeInTheDocument();
    expect(within(pyramid).getByText('重要客户')).toBeInTheDocument();
  });
});

describe('mountApp', () => {
  test('renders the task pane into the element in the port language', async () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    const port = new FakePort({ language: 'zh-CN' });
    await act(async () => mountApp(element, port));
    expect(await within(element).findByText('表头行下有 6 行数据')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('zh-CN');
    // StrictMode runs effects twice in development; the first, abandoned load must not win.
    expect(port.callsTo('loadSettings').length).toBeGreaterThanOrEqual(1);
  });
});
