/**
 * The condition evaluator against the IAM User Guide's documented semantics and examples
 * ("IAM JSON policy elements: Condition operators", "Condition keys with multiple values").
 */
import { describe, expect, it } from 'vitest';
import { conditionHolds, denies, keyCondition, wildcardMatch } from '../../../src/core/prepare/evaluate.js';

describe('condition evaluator', () => {
  it('ORs the values of one key and ANDs keys and operators', () => {
    // User Guide: "aws:PrincipalTag/department": ["finance", "hr", "legal"] matches any one of them.
    const c = { StringEquals: { 'aws:PrincipalTag/department': ['finance', 'hr', 'legal'], 'aws:PrincipalTag/role': ['audit', 'security'] } };
    expect(conditionHolds(c, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit' })).toBe(true);
    expect(conditionHolds(c, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'dev' })).toBe(false);
    expect(conditionHolds({ StringEquals: { 'a:k': 'x' }, Bool: { 'a:b': 'true' } }, { 'a:k': 'x', 'a:b': 'false' })).toBe(false);
  });

  it('a negated operator requires that no value matches', () => {
    expect(keyCondition('StringNotEquals', 'a:k', ['x', 'y'], { 'a:k': 'y' })).toBe(false);
    expect(keyCondition('StringNotEquals', 'a:k', ['x', 'y'], { 'a:k': 'z' })).toBe(true);
  });

  it('absent keys: positive false, negated true, IfExists true, Null by its value', () => {
    expect(keyCondition('StringEquals', 'a:k', 'x', {})).toBe(false);
    expect(keyCondition('StringNotEquals', 'a:k', 'x', {})).toBe(true);
    expect(keyCondition('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {})).toBe(true);
    expect(keyCondition('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/X', {})).toBe(true);
    expect(keyCondition('StringEqualsIfExists', 'a:k', 'x', {})).toBe(true);
    expect(keyCondition('BoolIfExists', 'a:k', 'false', {})).toBe(true);
    expect(keyCondition('BoolIfExists', 'a:k', 'false', { 'a:k': 'true' })).toBe(false);
    expect(keyCondition('Bool', 'a:k', 'false', {})).toBe(false);
    expect(keyCondition('Null', 'a:k', 'true', {})).toBe(true);
    expect(keyCondition('Null', 'a:k', 'true', { 'a:k': 'v' })).toBe(false);
    expect(keyCondition('Null', 'a:k', 'false', { 'a:k': 'v' })).toBe(true);
    expect(keyCondition('Null', 'a:k', 'false', {})).toBe(false);
  });

  it('set operators on absent or empty sets: ForAnyValue false, ForAllValues true', () => {
    // User Guide: ForAllValues "returns true if there are no context keys in the request or if the context key value resolves to a null data set".
    const allowed = ['ec2:CreateVolume', 'ec2:DeleteVolume'];
    expect(keyCondition('ForAllValues:StringEquals', 'aws:TagKeys', allowed, {})).toBe(true);
    expect(keyCondition('ForAllValues:StringEquals', 'aws:TagKeys', allowed, { 'aws:TagKeys': [] })).toBe(true);
    expect(keyCondition('ForAnyValue:StringEquals', 'aws:TagKeys', allowed, {})).toBe(false);
    expect(keyCondition('ForAnyValue:StringEquals', 'aws:TagKeys', allowed, { 'aws:TagKeys': [] })).toBe(false);
    // User Guide's tag-keys example: ForAllValues:StringEquals ["environment", "cost-center"]
    const keys = ['environment', 'cost-center'];
    expect(keyCondition('ForAllValues:StringEquals', 'aws:TagKeys', keys, { 'aws:TagKeys': ['environment'] })).toBe(true);
    expect(keyCondition('ForAllValues:StringEquals', 'aws:TagKeys', keys, { 'aws:TagKeys': ['environment', 'owner'] })).toBe(false);
    expect(keyCondition('ForAnyValue:StringEquals', 'aws:TagKeys', keys, { 'aws:TagKeys': ['owner', 'cost-center'] })).toBe(true);
    expect(keyCondition('ForAnyValue:StringNotLike', 'sagemaker:InstanceTypes', ['ml.t3.*'], { 'sagemaker:InstanceTypes': ['ml.t3.medium', 'ml.p5.48xlarge'] })).toBe(true);
    expect(keyCondition('ForAnyValue:StringNotLike', 'sagemaker:InstanceTypes', ['ml.t3.*'], { 'sagemaker:InstanceTypes': ['ml.t3.medium'] })).toBe(false);
  });

  it('IpAddress and NotIpAddress with CIDRs and single addresses (User Guide: 203.0.113.0/24)', () => {
    expect(keyCondition('IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.77' })).toBe(true);
    expect(keyCondition('IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' })).toBe(false);
    expect(keyCondition('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'], { 'aws:SourceIp': '192.0.2.9' })).toBe(false);
    expect(keyCondition('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' })).toBe(true);
    expect(keyCondition('IpAddress', 'aws:SourceIp', ['2001:db8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678::1' })).toBe(true);
    expect(keyCondition('IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '203.0.113.1' })).toBe(false);
    expect(keyCondition('IpAddress', 'aws:SourceIp', ['203.0.113.5'], { 'aws:SourceIp': '203.0.113.5' })).toBe(true);
  });

  it('StringLike wildcards and case; ArnLike per ARN component', () => {
    expect(wildcardMatch('ml.m5.*', 'ml.m5.xlarge')).toBe(true);
    expect(wildcardMatch('ml.m5.*', 'ML.M5.xlarge')).toBe(false);
    expect(wildcardMatch('ml.?5.large', 'ml.c5.large')).toBe(true);
    expect(wildcardMatch('home/*', 'home/alice/notes')).toBe(true);
    expect(keyCondition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin*', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/AdminOps' })).toBe(true);
    expect(keyCondition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin*', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/AdminOps' })).toBe(false);
    expect(keyCondition('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/a', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a' })).toBe(true);
  });

  it('Bool compares the string forms', () => {
    expect(keyCondition('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' })).toBe(true);
    expect(keyCondition('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'true' })).toBe(false);
  });

  it('a Deny applies only to its actions', () => {
    const st = { Action: ['sagemaker:CreateModel'], Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } } };
    expect(denies(st, 'sagemaker:CreateModel', {})).toBe(true);
    expect(denies(st, 'sagemaker:createmodel', {})).toBe(true);
    expect(denies(st, 'sagemaker:CreateEndpoint', {})).toBe(false);
  });

  it('refuses an operator it does not implement instead of guessing', () => {
    expect(() => keyCondition('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2019-01-01T00:00:00Z' })).toThrow(/does not implement/);
  });
});
